# The classic walk-through: sys.getrefcount reports one more than you expect,
# because the argument itself is a temporary reference.
import sys

a = [1, 2, 3]
print("one name:", sys.getrefcount(a))
b = a
print("two names:", sys.getrefcount(a))
container = [a, a, a]
print("plus three list slots:", sys.getrefcount(a))
d = {"key": a}
print("plus a dict value:", sys.getrefcount(a))
del container
print("list deleted:", sys.getrefcount(a))
d.clear()
print("dict cleared:", sys.getrefcount(a))
b = None
print("b rebound:", sys.getrefcount(a))
