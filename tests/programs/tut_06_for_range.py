# for statements and the range() function
words = ['cat', 'window', 'defenestrate']
for w in words:
    print(w, len(w))

users = {'Hans': 'active', 'Éléonore': 'inactive', '景太郎': 'active'}
for user, status in users.copy().items():
    if status == 'inactive':
        del users[user]
print(users)

active_users = {}
for user, status in {'ann': 'active', 'bob': 'inactive', 'cy': 'active'}.items():
    if status == 'active':
        active_users[user] = status
print(active_users)

for i in range(5):
    print(i, end=' ')
print()
print(list(range(5, 10)), list(range(0, 10, 3)), list(range(-10, -100, -30)))
a = ['Mary', 'had', 'a', 'little', 'lamb']
for i in range(len(a)):
    print(i, a[i])
print(range(10))
print(sum(range(4)))
r = range(0, 20, 2)
print(len(r), r[3], r[-1], 6 in r, 7 in r, r.index(10), list(reversed(r))[:3])
print(range(5) == range(0, 5, 1), list(range(3, 0)))
