# tutorial ch4: control flow
for x in [-3, 0, 5, 42]:
    if x < 0:
        print(x, 'negative')
    elif x == 0:
        print(x, 'zero')
    elif x == 1:
        print('single')
    else:
        print(x, 'more')
words = ['cat', 'window', 'defenestrate']
for w in words:
    print(w, len(w))
users = {'Hans': 'active', 'Eleonore': 'inactive', 'Ana': 'active'}
for user, status in users.copy().items():
    if status == 'inactive':
        del users[user]
print(users)
print(list(range(5, 10)), list(range(0, 10, 3)), list(range(-10, -100, -30)))
print(sum(range(4)), range(10)[2:7:2], len(range(0, 100, 7)))
for n in range(2, 20):
    for x in range(2, n):
        if n % x == 0:
            print(n, 'equals', x, '*', n // x)
            break
    else:
        print(n, 'is a prime number')
for num in range(2, 10):
    if num % 2 == 0:
        print("Found an even number", num)
        continue
    print("Found an odd number", num)
class MyEmptyClass:
    pass
def initlog(*args):
    pass
print(initlog(), MyEmptyClass.__name__)
