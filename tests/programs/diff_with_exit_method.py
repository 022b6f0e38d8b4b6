# with: CPython looks up __enter__ AND __exit__ (two bound methods) before calling __enter__
import gc
gc.disable()
c = []
class Ctx:
    def __enter__(self):
        c.append(gc.get_count()[0])
        return self
    def __exit__(self, t, e, tb):
        c.append(gc.get_count()[0])
        return False
m = Ctx()
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
c.append(gc.get_count()[0])
with m:
    c.append(gc.get_count()[0])
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
