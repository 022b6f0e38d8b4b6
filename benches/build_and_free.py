# 10**6 lists kept alive in a list, then released by refcount.
import gc
gc.disable()
keep = []
for i in range(1000000):
    keep.append([])
del keep
print("done")
