a = [1, 2, 3]
b = a
b.append(4)
print(a, b, a is b, a == b)
c = a[:]
c.append(5)
print(a, c, a is c)
grid = [[0] * 3] * 3
grid[0][0] = 1
print(grid)
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 1
print(grid)
def modify(lst):
    lst.append('added')
    lst = ['rebound']
    lst.append('lost')
    return lst
x = ['orig']
y = modify(x)
print(x, y)
def extend_in_place(lst):
    lst += [9]
t = [1]
extend_in_place(t)
print(t)
s = 'abc'
def try_mutate(s):
    s += 'd'
    return s
print(try_mutate(s), s)
tup = ([1],)
try:
    tup[0] += [2]
except TypeError as e:
    print('TypeError', e)
print(tup)
d1 = {'k': [1]}
d2 = dict(d1)
d2['k'].append(2)
d2['j'] = 0
print(d1, d2)
x = y = []
x.append(1)
print(y, x is y)
