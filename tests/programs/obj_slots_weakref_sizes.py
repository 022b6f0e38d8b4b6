# __slots__ with and without __dict__ and __weakref__: where the pointers live changes the
# instance size (3.12 moved the weakref pointer before the object, with the dict pointer).
import sys, weakref, gc
class W:
    __slots__ = ("v", "__weakref__")
class P:
    __slots__ = ("v",)
class D:
    __slots__ = ("__dict__",)
class DW:
    __slots__ = ("__dict__", "__weakref__")
class S(W):
    __slots__ = ("u",)
class Plain: pass
w = W(); w.v = 1
print(sys.getsizeof(W()), sys.getsizeof(P()), sys.getsizeof(D()), sys.getsizeof(DW()), sys.getsizeof(S()), sys.getsizeof(Plain()))
r = weakref.ref(w)
print(r() is w, hasattr(P(), "__weakref__"))
del w
print(r())
