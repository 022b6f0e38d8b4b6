# gc.callbacks: called with "start" and "stop" around every collection.
import gc

gc.disable()
gc.collect()
seen = []

def watcher(phase, info):
    seen.append((phase, info["generation"], info["collected"], info["uncollectable"]))

gc.callbacks.append(watcher)
print("callbacks registered:", len(gc.callbacks))

x = []
x.append(x)
del x
r = gc.collect(0)
print("collect(0) returned", r)
y = {}
y[1] = y
z = [y]
y[2] = z
del y, z
r = gc.collect()
print("collect() returned", r)
for entry in seen:
    print(" ", entry)
gc.callbacks.remove(watcher)
print("callbacks after remove:", len(gc.callbacks))
gc.collect()
print("events recorded:", len(seen))
