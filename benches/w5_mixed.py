# Workload 5, mixed: a realistic allocation mix across size classes with random (seeded)
# lifetimes, 10**6 operations. A linear congruential generator keeps it reproducible everywhere.
import time
N = 1000000
seed = 12345
slots = [None] * 4096
t0 = time.perf_counter()
for i in range(N):
    seed = (seed * 1103515245 + 12345) % 2147483648
    k = seed % 4096
    kind = (seed >> 12) % 8
    if kind == 0:
        slots[k] = float(i)
    elif kind == 1:
        slots[k] = (i, i)
    elif kind == 2:
        slots[k] = [i, i, i]
    elif kind == 3:
        slots[k] = {"a": i}
    elif kind == 4:
        slots[k] = "s" * (seed % 300)
    elif kind == 5:
        slots[k] = [0] * (seed % 80)
    elif kind == 6:
        slots[k] = None
    else:
        slots[k] = (i,)
t1 = time.perf_counter()
print("total", t1 - t0)
