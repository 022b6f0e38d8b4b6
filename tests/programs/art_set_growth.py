# Sets grow by rebuilding their hash table: sizes jump at fill thresholds.
import sys

s = set()
last = sys.getsizeof(s)
print("empty set:", last)
for i in range(60):
    s.add(i)
    size = sys.getsizeof(s)
    if size != last:
        print(f"{len(s):3} items -> {size}")
        last = size
print("frozenset of 5:", sys.getsizeof(frozenset(range(5))))
print("set of 5 from literal:", sys.getsizeof({0, 1, 2, 3, 4}))
