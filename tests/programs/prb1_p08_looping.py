knights = {'gallahad': 'the pure', 'robin': 'the brave'}
for k, v in knights.items():
    print(k, v)
for i, v in enumerate(['tic', 'tac', 'toe']):
    print(i, v)
for i, v in enumerate('ab', start=10):
    print(i, v)
questions = ['name', 'quest', 'favorite color']
answers = ['lancelot', 'the holy grail', 'blue']
for q, a in zip(questions, answers):
    print('What is your {0}?  It is {1}.'.format(q, a))
for i in reversed(range(1, 10, 2)):
    print(i, end=' ')
print()
basket = ['apple', 'orange', 'apple', 'pear', 'orange', 'banana']
for i in sorted(basket):
    print(i, end=' ')
print()
for f in sorted(set(basket)):
    print(f, end=' ')
print()
import math
raw_data = [56.2, float('NaN'), 51.7, 55.3, 52.5, float('NaN'), 47.8]
filtered_data = [v for v in raw_data if not math.isnan(v)]
print(filtered_data)
string1, string2, string3 = '', 'Trondheim', 'Hammer Dance'
non_null = string1 or string2 or string3
print(non_null)
print((1, 2, 3) < (1, 2, 4), [1, 2, 3] < [1, 2, 4], 'ABC' < 'C' < 'Pascal' < 'Python')
print((1, 2, 3, 4) < (1, 2, 4), (1, 2) < (1, 2, -1), (1, 2, ('aa', 'ab')) < (1, 2, ('abc', 'a'), 4))
it = iter([1, 2, 3])
print(next(it), list(it), next(it, 'done'))
print(list(zip(range(3), 'abcd')), dict(enumerate('xy')))
