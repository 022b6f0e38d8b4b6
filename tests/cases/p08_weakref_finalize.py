# weakref.finalize runs its function once, when the object dies or when called.
import weakref, gc
gc.disable()
class R: pass
r = R()
f = weakref.finalize(r, print, "finalizer ran", 42)
print("alive:", f.alive)
del r
print("alive after del:", f.alive)
s = R()
g = weakref.finalize(s, print, "called early")
g()
print("alive after call:", g.alive)
g()
del s
print("end")
