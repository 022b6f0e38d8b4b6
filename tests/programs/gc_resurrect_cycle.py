# Resurrection from inside a cycle: the collector has traditionally cleared weak
# references before calling finalizers, so the weakref is dead although the object lives on.
import gc, weakref

survivors = []
finalized = []

class Loop:
    def __init__(self, label):
        self.label = label
        self.me = self
    def __del__(self):
        finalized.append(self.label)
        survivors.append(self)

gc.disable()
gc.collect()
x = Loop("x")
wr = weakref.ref(x)
del x
print("collected:", gc.collect())
print("finalized:", finalized, "survivors:", [s.label for s in survivors])
print("weakref after collect is None:", wr() is None)
print("survivor still self-referencing:", survivors[0].me is survivors[0])
survivors.clear()
print("collected after dropping survivor:", gc.collect())
print("finalized list unchanged:", finalized)
