# Reference counts through containers, tuples and dict values.
import sys
x = object()
t = (x, x, x)
print("in a 3-tuple three times:", sys.getrefcount(x))
d = {1: x, 2: x}
print("and two dict values:", sys.getrefcount(x))
s = [t, t]
print("tuple referenced twice:", sys.getrefcount(t))
del t
print("after del t:", sys.getrefcount(s[0]))
d.pop(1)
print("after d.pop(1):", sys.getrefcount(x))
s.clear()
print("after s.clear():", sys.getrefcount(x))
d.clear()
print("after d.clear():", sys.getrefcount(x))
