# Workload 2, build and free: 10**6 lists kept alive in a list, then released by refcount.
import gc, time
gc.disable()
N = 1000000
t0 = time.perf_counter()
keep = []
for i in range(N):
    keep.append([])
del keep
t1 = time.perf_counter()
print("total", t1 - t0)
