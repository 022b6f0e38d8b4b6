# gc.get_count()[0] follows GC-object allocations and deallocations.
import gc
gc.disable(); gc.collect()
t = gc.get_count(); t = gc.get_count()
c0 = gc.get_count()[0]
a = {}
c1 = gc.get_count()[0]
b = set()
c2 = gc.get_count()[0]
class K: pass
k = K()
c3 = gc.get_count()[0]
del k
c4 = gc.get_count()[0]
s = "not a gc object" * 2
n = 12345 * 3
c5 = gc.get_count()[0]
print("dict:", c1 - c0, "set:", c2 - c1, "class+instance:", c3 - c2, "del instance:", c4 - c3, "str/int:", c5 - c4)
