# DEBUG_SAVEALL keeps everything the collector would have freed in gc.garbage.
import gc

gc.disable()
gc.collect()
print("debug flags at start:", gc.get_debug())
gc.set_debug(gc.DEBUG_SAVEALL)
print("debug flags now:", gc.get_debug(), "== DEBUG_SAVEALL:", gc.get_debug() == gc.DEBUG_SAVEALL)

a = []
b = [a]
a.append(b)
d = {}
d["self"] = d
del a, b, d
n = gc.collect()
print("collect reported:", n)
print("saved in gc.garbage:", len(gc.garbage))
print("types:", sorted(type(o).__name__ for o in gc.garbage))
lists = [o for o in gc.garbage if type(o) is list]
print("the two lists still point at each other:", lists[0][0] is lists[1] and lists[1][0] is lists[0])
gc.set_debug(0)
del lists
gc.garbage.clear()
print("after clearing the debug flag, collect:", gc.collect())
print("garbage now:", gc.garbage)
