# Sets: membership, set operations, set comprehensions (ints only, sorted when printed)
basket = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
s = set(basket)
print(sorted(s), len(s))
print(4 in s, 7 in s)
a = set([1, 2, 3, 4, 5, 6])
b = {4, 5, 6, 7, 8, 9}
print(a - b)
print(a | b)
print(a & b)
print(a ^ b)
print(a <= b, {4, 5} <= a, {4, 5} < b, a.isdisjoint({10, 11}))
c = {x for x in range(20) if x % 3 == 0}
print(c)
c.add(100)
c.discard(0)
c.discard(12345)
c.remove(3)
print(c)
try:
    c.remove(3)
except KeyError as e:
    print('KeyError', e)
c |= {1, 2}
c &= set(range(50))
print(c, c.pop() in range(50))
fs = frozenset([3, 2, 1])
print(fs, {fs: 'frozen ok'}[frozenset({1, 2, 3})])
words = ['apple', 'banana', 'cherry', 'apple', 'date', 'banana']
print(sorted(set(words)))
print(len(set()), set(), {1, 2} == {2, 1})
print(sorted(set('abracadabra')), sorted(set('abracadabra') - set('alacazam')))
