# Looping techniques: items, enumerate, zip, reversed, sorted
knights = {'gallahad': 'the pure', 'robin': 'the brave'}
for k, v in knights.items():
    print(k, v)
for i, v in enumerate(['tic', 'tac', 'toe']):
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
    print(f)
import math
raw_data = [56.2, float('NaN'), 51.7, 55.3, 52.5, float('NaN'), 47.8]
filtered_data = []
for value in raw_data:
    if not math.isnan(value):
        filtered_data.append(value)
print(filtered_data)
for n, (a, b) in enumerate(zip('xyz', [10, 20, 30]), start=1):
    print(n, a, b)
print(list(zip([1, 2, 3], 'ab')))
print(sorted(knights.items(), key=lambda kv: len(kv[1])))
print(list(enumerate('hey', 5)))
