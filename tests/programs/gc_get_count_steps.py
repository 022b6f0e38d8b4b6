# gc.get_count(): the young generation counter moves with container allocations.
import gc

gc.disable()
gc.collect()
c0 = gc.get_count()
print("after collect:", c0)
a = []
b = {}
c = (a, b)
c1 = gc.get_count()
print("after 3 containers: delta", c1[0] - c0[0])
s = "not a container"
n = 10 ** 20
c2 = gc.get_count()
print("after a str and an int: delta", c2[0] - c1[0])
del a, b, c
c3 = gc.get_count()
print("after del of the 3 containers: delta", c3[0] - c2[0])
gc.collect(0)
print("after collect(0):", gc.get_count())
