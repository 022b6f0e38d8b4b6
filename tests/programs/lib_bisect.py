# The bisect module: left and right insertion points, lo/hi bounds, key= (3.10+), insort,
# and the comparisons it makes (only <).
import bisect
import bisect
a = [1, 3, 3, 5, 9]
print(bisect.bisect(a, 3), bisect.bisect_left(a, 3), bisect.bisect_right(a, 3, 2), bisect.bisect_left(a, 10, hi=3))
bisect.insort(a, 4); bisect.insort_left(a, 3); print(a)
try:
    bisect.bisect(a, 1, -1)
except ValueError as e: print(e)
words = ['apple', 'kiwi', 'banana']
words.sort(key=len)
print(bisect.bisect(words, 5, key=len))
bisect.insort(words, 'fig', key=len); print(words)
class C:
    def __init__(self, v): self.v = v
    def __lt__(self, o): print('lt', self.v, o.v); return self.v < o.v
cs = [C(1), C(5), C(9)]
print(bisect.bisect(cs, C(6)))
t = (1, 2, 3)
print(bisect.bisect_left(t, 2))
try:
    bisect.bisect()
except TypeError as e: print(e)
print(bisect.bisect is bisect.bisect_right, bisect.insort.__name__)
