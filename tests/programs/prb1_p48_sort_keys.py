from operator import itemgetter, attrgetter, methodcaller
students = [('john', 'A', 15), ('jane', 'B', 12), ('dave', 'B', 10), ('ann', 'A', 12)]
print(sorted(students, key=lambda s: s[2]))
print(sorted(students, key=itemgetter(1, 2)))
print(sorted(students, key=itemgetter(2), reverse=True))
class Student:
    def __init__(self, name, grade, age):
        self.name, self.grade, self.age = name, grade, age
    def __repr__(self):
        return repr((self.name, self.grade, self.age))
objs = [Student(*s) for s in students]
print(sorted(objs, key=attrgetter('grade', 'age')))
s = sorted(objs, key=attrgetter('age'))
print(sorted(s, key=attrgetter('grade'), reverse=True))
print(sorted('This is a test string from Andrew'.split(), key=str.casefold))
print(sorted(['b', 'A', 'C', 'a'], key=methodcaller('lower')), sorted([3, -1, -4, 2], key=abs))
data = [('red', 1), ('blue', 1), ('red', 2), ('blue', 2)]
print(sorted(data, key=itemgetter(0)))
words = ['banana', 'Apple', 'cherry', 'date', 'fig']
print(sorted(words, key=lambda w: (-len(w), w.lower())), min(words, key=len), max(words, key=len))
lst = [5, 2, 9, 1]
print(lst.sort(), lst, sorted({'b': 1, 'a': 2}), sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1]))
try:
    sorted([1, 'a'])
except TypeError as e:
    print(e)
print(sorted([(1, 'b'), (1, 'a'), (0, 'z')]), sorted([[2], [1, 5], [1]]), sorted([True, 0, 0.5]))
