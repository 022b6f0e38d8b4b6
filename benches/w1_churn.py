# Workload 1, churn: 10**6 allocate/free pairs of a small object.
import time
N = 1000000
t0 = time.perf_counter()
for i in range(N):
    x = [i]
t1 = time.perf_counter()
print("total", t1 - t0)
