# weakref.ref: calling it returns the object or None; refs are shared when
# created without a callback; getweakrefcount counts them.
import sys, weakref

class Obj:
    pass

o = Obj()
r1 = weakref.ref(o)
r2 = weakref.ref(o)
print("same ref object reused:", r1 is r2)
r3 = weakref.ref(o, lambda r: None)
print("with a callback, a new ref:", r3 is r1)
print("weak ref count:", weakref.getweakrefcount(o))
print("refcount unaffected:", sys.getrefcount(o))
print("deref gives the object:", r1() is o)
print("refs compare equal while alive:", r1 == r3)
del o
print("after del:", r1(), r3())
print("dead refs compare by identity:", r1 == r3, r1 == r1)
for v in (1, "s", (1,), [1], {}):
    try:
        weakref.ref(v)
        print(type(v).__name__, "supports weakrefs")
    except TypeError:
        print(type(v).__name__, "cannot be weakly referenced")
