# A dict resizes in steps as keys are added; clear() goes back to empty.
import sys

d = {}
last = sys.getsizeof(d)
print("empty:", last)
for i in range(100):
    d[i] = None
    size = sys.getsizeof(d)
    if size != last:
        print(f"{len(d):3} keys -> {size}")
        last = size
for i in range(90):
    del d[i]
print("after deleting 90 keys:", sys.getsizeof(d))
d.clear()
print("after clear:", sys.getsizeof(d))
print("dict(a=1):", sys.getsizeof(dict(a=1)), "{'a': 1}:", sys.getsizeof({"a": 1}))
