# Sets of small ints and set operations that keep order predictable.
s = {3, 1, 2}
print(sorted(s), len(s), 2 in s, 5 in s)
s.add(4); s.add(1)
s.discard(3); s.discard(99)
print(sorted(s))
t = set(range(5))
print(sorted(t), sorted(set([1, 1, 2, 2])))
print(len({x % 3 for x in range(10)}))
f = frozenset([1, 2])
print(f == frozenset([2, 1]), len(f))
