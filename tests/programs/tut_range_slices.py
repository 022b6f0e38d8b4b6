# Slicing a range gives a range (no list is built), with CPython's start, stop and step.
import sys, gc
r = range(10)
print(r[2:7:2], r[1:8:3], r[::-1], r[-3:], r[5:100], r[8:2:-2], r[::3], r[3:3])
big = range(0, 10**6, 7)
print(big[10:20], big[-5:], len(big[::2]), big[::2][3], sys.getsizeof(big[1:]) == sys.getsizeof(big))
print(list(range(20)[4:16:5]), range(5, 0, -1)[1:4], range(-4, 4)[::-2])
print(gc.is_tracked(len), gc.is_tracked(print), gc.is_tracked(sys.getsizeof), gc.is_tracked(int), gc.is_tracked(r))
