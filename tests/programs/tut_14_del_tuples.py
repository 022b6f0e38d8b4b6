# The del statement, tuples and sequences, packing and unpacking
a = [-1, 1, 66.25, 333, 333, 1234.5]
del a[0]
print(a)
del a[2:4]
print(a)
del a[:]
print(a)
del a
try:
    print(a)
except NameError as e:
    print('NameError:', e)

t = 12345, 54321, 'hello!'
print(t[0])
print(t)
u = t, (1, 2, 3, 4, 5)
print(u)
try:
    t[0] = 88888
except TypeError as e:
    print('TypeError:', e)
v = ([1, 2, 3], [3, 2, 1])
v[0].append(99)
print(v)
empty = ()
singleton = 'hello',
print(len(empty), len(singleton), singleton)
x, y, z = t
print(x, y, z)
first, *rest = [1, 2, 3, 4]
*init, last = 'abcd'
print(first, rest, init, last)
(p, q), r = (1, 2), 3
print(p, q, r)
print((1, 2) + (3,), (0,) * 3, (1, 2, 3) < (1, 3), max([(2, 'b'), (2, 'c'), (1, 'z')]))
print(tuple('abc'), tuple([1, [2]]), (5,).count(5), ('a', 'b', 'a').index('b'))
