# A WeakValueDictionary entry disappears when the value dies - immediately for
# refcounted objects, only at collection time for cyclic ones.
import gc, weakref

class Res:
    def __init__(self, name):
        self.name = name

gc.disable()
gc.collect()
cache = weakref.WeakValueDictionary()
plain = Res("plain")
cyclic = Res("cyclic")
cyclic.me = cyclic
cache["plain"] = plain
cache["cyclic"] = cyclic
print("entries:", sorted(cache.keys()))
del plain
print("after del plain:", sorted(cache.keys()))
del cyclic
print("after del cyclic:", sorted(cache.keys()))
gc.collect()
print("after collect:", sorted(cache.keys()), "len", len(cache))
