# gc.freeze moves everything into a permanent generation the collector ignores.
import gc, weakref

class Thing:
    pass

gc.disable()
gc.collect()
a = Thing()
a.me = a
wa = weakref.ref(a)
del a
gc.freeze()
print("frozen objects > 0:", gc.get_freeze_count() > 0)
print("collect while frozen:", gc.collect())
print("frozen cycle alive:", wa() is not None)
b = Thing()
b.me = b
wb = weakref.ref(b)
del b
print("new cycle collected:", gc.collect(), "alive:", wb() is not None)
gc.unfreeze()
print("freeze count after unfreeze:", gc.get_freeze_count())
print("collect after unfreeze:", gc.collect(), "old cycle alive:", wa() is not None)
