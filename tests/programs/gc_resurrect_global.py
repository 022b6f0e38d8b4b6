# A __del__ that stores self somewhere brings the object back to life.
# The finalizer is never called a second time for the same object.
import gc, weakref

saved = []
count = 0

class Phoenix:
    def __del__(self):
        global count
        count += 1
        saved.append(self)

gc.disable()
gc.collect()
p = Phoenix()
p.tag = "first life"
w = weakref.ref(p)
del p
print("__del__ calls:", count, "| resurrected:", len(saved))
print("weakref still points at it:", w() is not None)
print("tag survives:", saved[0].tag)
saved.clear()
print("after clearing saved -> __del__ calls:", count, "| weakref dead:", w() is None)
print("collect:", gc.collect())
