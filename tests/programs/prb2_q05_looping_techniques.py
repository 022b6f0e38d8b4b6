knights = {'gallahad': 'the pure', 'robin': 'the brave'}
for k, v in knights.items():
    print(k, v)
for i, v in enumerate(['tic', 'tac', 'toe'], start=1):
    print(i, v)
questions = ['name', 'quest', 'favorite color']
answers = ['lancelot', 'the holy grail', 'blue']
for q, a in zip(questions, answers):
    print('What is your {0}?  It is {1}.'.format(q, a))
for i in reversed(range(1, 10, 2)):
    print(i, end=' ')
print()
basket = ['apple', 'orange', 'apple', 'pear', 'orange', 'banana']
for f in sorted(set(basket)):
    print(f, end=' ')
print()
for f in sorted(basket, key=len, reverse=True):
    print(f, end=',')
print()
raw = [56.2, float('nan'), 51.7, 55.3, 52.5, float('nan'), 47.8]
print([v for v in raw if v == v])
for n in range(2, 20):
    for x in range(2, n):
        if n % x == 0:
            break
    else:
        print(n, 'is prime')
it = iter([1, 2, 3])
while (v := next(it, None)) is not None:
    print('walrus', v)
print(list(zip('abc', range(5))), list(enumerate('xy', 10)))
