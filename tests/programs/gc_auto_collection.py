# Automatic collections are triggered by allocations once gen0 passes its threshold.
# Lists taken from the list free list (refilled by the freed cycles) do not count
# as new GC allocations, so the gaps between collections are not all equal.
import gc

starts = []

def cb(phase, info):
    if phase == "start":
        starts.append((info["generation"], i))

gc.disable()
gc.collect()
gc.set_threshold(50, 3, 3)
gc.callbacks.append(cb)
gc.enable()
for i in range(300):
    x = [i]
    x.append(x)
gc.disable()
gc.callbacks.remove(cb)
print("collections:", len(starts))
print("(generation, loop index) of each:", starts)
print("count now:", gc.get_count())
