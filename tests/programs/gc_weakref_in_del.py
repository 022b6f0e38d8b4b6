# Is a weak reference to an object already dead inside its own __del__?
# Refcount deallocation runs __del__ first and clears weakrefs afterwards;
# the cyclic collector has traditionally cleared weakrefs before finalizers.
import gc, weakref

seen = {}

class W:
    def __init__(self, name):
        self.name = name
        self.wr = None
    def __del__(self):
        seen[self.name] = self.wr() is None

gc.disable()
gc.collect()
a = W("refcount")
a.wr = weakref.ref(a)
del a
b = W("cycle")
b.wr = weakref.ref(b)
b.loop = b
del b
gc.collect()
for k, v in seen.items():
    print(k, "-> weakref cleared inside __del__:", v)
