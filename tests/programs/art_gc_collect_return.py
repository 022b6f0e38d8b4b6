# What gc.collect() returns: the number of unreachable objects it found.
import gc

gc.disable()
gc.collect()
print("nothing to do:", gc.collect())
x = [];  x.append(x);  del x
print("one self-referencing list:", gc.collect())
a = {}; b = {}; a["b"] = b; b["a"] = a; del a, b
print("two dicts in a cycle:", gc.collect())
class C: pass
c = C(); c.c = c; del c
print("an instance in a cycle:", gc.collect())
t = ([],); t[0].append(t); del t
print("tuple <-> list:", gc.collect())
def f(): pass
f.me = f; del f
print("a function with itself as attribute:", gc.collect())
