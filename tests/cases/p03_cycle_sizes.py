# How many objects a collection reports for cycles of different shapes.
import gc
gc.disable(); gc.collect()
class A: pass
a = A(); a.me = a
del a
print("self-referencing instance:", gc.collect())
l1 = []; l2 = [l1]; l1.append(l2)
del l1, l2
print("two lists:", gc.collect())
d = {}; d["self"] = d
del d
print("self-referencing dict:", gc.collect())
x = []; x.append((x, 1, "s"))
del x
print("list <-> tuple:", gc.collect())
ring = [[] for i in range(10)]
for i in range(10):
    ring[i].append(ring[(i + 1) % 10])
del ring
print("ring of 10 lists (holder list freed by refcount):", gc.collect())
c = []; c.append(c); c.extend([[1], [2], [3]])
del c
print("cycle holding 3 lists:", gc.collect())
print("nothing left:", gc.collect())
