# Workload 3, cycles: 5*10**5 two-object cycles, then one gc.collect() (timed separately too).
import gc, time
gc.disable()
class Node:
    pass
N = 500000
t0 = time.perf_counter()
for i in range(N):
    a = Node()
    b = Node()
    a.other = b
    b.other = a
del a, b
t1 = time.perf_counter()
n = gc.collect()
t2 = time.perf_counter()
print("total", t2 - t0)
print("collect", t2 - t1)
print("collected", n)
