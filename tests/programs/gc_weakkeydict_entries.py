# WeakKeyDictionary: per-object side data that vanishes with the object.
import gc, weakref

class Widget:
    def __init__(self, name):
        self.name = name

gc.disable()
gc.collect()
meta = weakref.WeakKeyDictionary()
w1, w2, w3 = Widget("w1"), Widget("w2"), Widget("w3")
meta[w1] = {"clicks": 1}
meta[w2] = {"clicks": 2}
meta[w3] = {"clicks": 3}
print("entries:", len(meta))
print("w2 data:", meta[w2])
del w2
print("after del w2:", len(meta), sorted(k.name for k in meta.keys()))
w3.self_ref = w3
del w3
print("after del w3 (in a cycle):", len(meta))
gc.collect()
print("after collect:", len(meta), [k.name for k in meta.keys()])
print("w1 in meta:", w1 in meta)
