# A generator caught in a reference cycle: what gc.collect() counts depends on what closing it
# releases during the collection (its frame up to 3.10, its function from 3.11 but 3.13).
import gc
gc.disable()
def f():
    yield 1
    yield 2
h = [f()]; h.append(h); del h
print(gc.collect(), end=" ")
h = [f()]; next(h[0]); h.append(h); del h
print(gc.collect(), end=" ")
h = [(i for i in range(3))]; h.append(h); del h
print(gc.collect(), end=" ")
h = [(i for i in range(3))]; next(h[0]); h.append(h); del h
print(gc.collect(), end=" ")
g = f(); print(gc.is_tracked(g), end=" ")
h = [f()]; fr = h[0].gi_frame; h.append(h); del h
print(gc.collect(), end=" ")
del fr
h = [f()]; list(h[0]); h.append(h); del h
print(gc.collect())
