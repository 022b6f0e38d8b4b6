# weakref.ref: dereference, shared basic refs, callbacks at refcount death.
import weakref, gc
class T: pass
t = T()
r1 = weakref.ref(t)
r2 = weakref.ref(t)
print("basic refs are shared:", r1 is r2)
print("deref is the object:", r1() is t)
r3 = weakref.ref(t, lambda r: print("callback 3; dead:", r() is None))
r4 = weakref.ref(t, lambda r: print("callback 4"))
print("callback refs are distinct:", r3 is not r4)
del t
print("after del:", r1() is None, r2() is None)
s = T()
w = weakref.ref(s, lambda r: print("never called: the weakref dies first"))
del w
del s
print("done")
