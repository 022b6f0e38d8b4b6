# A finalizer that resurrects one object of a cycle keeps the whole cycle alive (3.9+: only
# what the resurrected object reaches; 3.8: the whole collection is abandoned).
import gc
gc.disable(); gc.collect()
saved = []
class Keeper:
    def __del__(self):
        saved.append(self)
class Plain: pass
k = Keeper(); p = Plain()
k.p = p; p.k = k
other = []; other.append(other)
del k, p, other
print("collected:", gc.collect())
print("saved:", len(saved))
saved.clear()
print("then:", gc.collect())
