# Immortal objects (PEP 683, 3.12+): None, True, small ints have a fixed huge refcount.
import sys

def describe(obj):
    rc = sys.getrefcount(obj)
    return rc if rc >= 2 ** 31 else "not immortal (count varies)"

print("None:", describe(None))
print("True:", describe(True))
print("0:", describe(0))
print("'' :", describe(""))
print("():", describe(()))
x = None
y = None
print("None after two more names:", describe(None))
big = int("123456789")
print("fresh big int:", sys.getrefcount(big))
