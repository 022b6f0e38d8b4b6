# "How the GC decides when to run": thresholds, counts, and a manual collection.
import gc

print("gc enabled:", gc.isenabled())
print("thresholds:", gc.get_threshold())
gc.collect()
print("counts after a full collection:", gc.get_count())
gc.set_threshold(1000, 15, 15)
print("new thresholds:", gc.get_threshold())
gc.disable()
print("gc enabled:", gc.isenabled())
class Leaky:
    pass
for i in range(10):
    x = Leaky()
    x.me = x
del x
print("unreachable objects found:", gc.collect())
gc.enable()
