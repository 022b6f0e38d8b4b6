# Which containers the GC tracks, and when tuples and dicts are untracked.
import gc
gc.disable(); gc.collect()
print("empty list:", gc.is_tracked([]))
print("int, str, float:", gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked(1.5))
t = tuple([1, 2, 3])
n = tuple([t, "x"])
m = tuple([[], 1])
print("new tuples:", gc.is_tracked(t), gc.is_tracked(n), gc.is_tracked(m))
gc.collect()
print("after one collection:", gc.is_tracked(t), gc.is_tracked(n), gc.is_tracked(m))
d = {}
print("empty dict:", gc.is_tracked(d))
d["a"] = 1
print("dict of ints:", gc.is_tracked(d))
d["b"] = ()
print("dict with an empty tuple value:", gc.is_tracked(d))
d["c"] = [1]
print("dict with a list value:", gc.is_tracked(d))
del d["c"]
gc.collect(1)
print("gen-1 collect keeps it tracked:", gc.is_tracked(d))
gc.collect()
print("full collect untracks it:", gc.is_tracked(d))
s = set([1, 2])
print("set:", gc.is_tracked(s), "frozenset:", gc.is_tracked(frozenset([1])))
