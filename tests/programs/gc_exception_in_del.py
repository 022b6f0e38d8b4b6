# An exception raised in __del__ is reported on stderr and otherwise ignored;
# the object is still freed and the program carries on.
import gc, weakref

class Grumpy:
    def __del__(self):
        print("__del__ starts")
        raise ValueError("cannot let go")

g = Grumpy()
w = weakref.ref(g)
del g
print("program continues, object freed:", w() is None)

gc.disable()
gc.collect()
h = Grumpy()
h.me = h
del h
print("collected:", gc.collect())
print("still running")
