# gc.callbacks see every collection with its generation and results.
import gc
gc.disable(); gc.collect()
seen = []
def cb(phase, info):
    seen.append((phase, info["generation"], info["collected"], info["uncollectable"]))
gc.callbacks.append(cb)
x = []; x.append(x)
del x
gc.collect(0)
y = {}; y[1] = y
del y
gc.collect(1)
gc.collect(2)
gc.callbacks.remove(cb)
for s in seen:
    print(s)
stats = gc.get_stats()
print(len(stats), sorted(stats[0].keys()))
