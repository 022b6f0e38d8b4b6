# Workload 4, live heap: 10**6 reachable lists and a full gc.collect().
import gc, time
gc.disable()
N = 1000000
t0 = time.perf_counter()
keep = [[] for i in range(N)]
t1 = time.perf_counter()
n = gc.collect()
t2 = time.perf_counter()
print("total", t2 - t0)
print("collect", t2 - t1)
print("collected", n)
