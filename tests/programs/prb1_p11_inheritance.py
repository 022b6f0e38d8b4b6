class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f'{self.name} makes a sound'
    def __repr__(self):
        return f'{type(self).__name__}({self.name!r})'
class Dog(Animal):
    def speak(self):
        return f'{self.name} barks'
class Puppy(Dog):
    def speak(self):
        return super().speak() + ' softly'
for a in [Animal('x'), Dog('rex'), Puppy('bit')]:
    print(a, a.speak())
print(isinstance(Puppy('p'), Animal), issubclass(Dog, Puppy), issubclass(bool, int))
print([c.__name__ for c in Puppy.__mro__])
class A:
    def who(self): return 'A'
class B(A):
    def who(self): return 'B>' + super().who()
class C(A):
    def who(self): return 'C>' + super().who()
class D(B, C):
    def who(self): return 'D>' + super().who()
print(D().who(), [k.__name__ for k in D.mro()])
class Mapping:
    def __init__(self, iterable):
        self.items_list = []
        self.__update(iterable)
    def update(self, iterable):
        for item in iterable:
            self.items_list.append(item)
    __update = update
class MappingSubclass(Mapping):
    def update(self, keys, values):
        for item in zip(keys, values):
            self.items_list.append(item)
m = MappingSubclass([1, 2])
m.update('ab', [3, 4])
print(m.items_list, hasattr(m, '__update'), hasattr(m, '_Mapping__update'))
class Secret:
    def __init__(self): self.__hidden = 42
s = Secret()
try:
    print(s.__hidden)
except AttributeError as e:
    print('AttributeError', e)
print(s._Secret__hidden, sorted(vars(s)))
