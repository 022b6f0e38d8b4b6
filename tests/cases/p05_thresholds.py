# Thresholds, enable/disable, and automatic collections seen through callbacks.
import gc
gc.disable(); gc.collect()
print("enabled:", gc.isenabled())
gens = []
def cb(phase, info):
    if phase == "start":
        gens.append(info["generation"])
gc.callbacks.append(cb)
gc.set_threshold(50, 3, 3)
print("threshold:", gc.get_threshold())
gc.enable()
hold = []
for i in range(1000):
    hold.append([i])
gc.disable()
gc.callbacks.remove(cb)
print("automatic collections:", len(gens))
print("generations of the first 10:", gens[:10])
print("no gen-2 collection:", 2 not in gens)
