# collect(0), collect(1), collect(2): younger collections only look at younger objects.
import gc

class N:
    pass

def cycle():
    n = N()
    n.self = n

gc.disable()
gc.collect()
cycle()
print("gen0 collect of a fresh cycle:", gc.collect(0))
cycle()
cycle()
print("gen1 collect of two fresh cycles:", gc.collect(1))
cycle()
print("gen2 collect:", gc.collect(2))
print("nothing left:", gc.collect(0), gc.collect(1), gc.collect(2))
try:
    gc.collect(3)
except ValueError as e:
    print("collect(3):", e)
