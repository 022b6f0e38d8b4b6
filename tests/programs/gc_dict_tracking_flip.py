# A dict holding only atomic values is not tracked (an optimisation some versions drop);
# storing a container flips it, and it never goes back.
import gc

d = {}
print("empty dict:", gc.is_tracked(d))
d["n"] = 1
d["s"] = "one"
d["t"] = (1, 2)
print("ints/strs/tuple of ints:", gc.is_tracked(d))
d["l"] = []
print("after storing a list:", gc.is_tracked(d))
del d["l"]
print("after deleting the list again:", gc.is_tracked(d))
d.clear()
print("after clear():", gc.is_tracked(d))

e = dict(a=1, b=2)
print("dict(a=1, b=2):", gc.is_tracked(e))
f = {k: [k] for k in range(3)}
print("{k: [k]}:", gc.is_tracked(f))
g = {(1, 2): "x"}
print("tuple key, str value:", gc.is_tracked(g))
h = {i: i * i for i in range(100)}
print("100 int items:", gc.is_tracked(h))
