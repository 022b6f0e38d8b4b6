# How many GC objects a cycle of instances has, per version (dicts of 3.8-3.10).
import gc
gc.disable(); gc.collect()
class A:
    def __init__(self): self.peer = None
x, y = A(), A()
x.peer = y; y.peer = x
del x, y
print("two instances:", gc.collect())
class Empty: pass
e = Empty(); e.me = e
del e
print("one instance:", gc.collect())
z = A(); z.peer = z; z.__dict__
del z
print("with __dict__ asked for:", gc.collect())
