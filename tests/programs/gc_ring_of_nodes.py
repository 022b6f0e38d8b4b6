# Rings of various sizes: how many objects does gc.collect() report?
import gc

class Node:
    __slots__ = ("next",)

class DictNode:
    pass

gc.disable()
gc.collect()
for size in (1, 2, 5, 10):
    ring = [Node() for _ in range(size)]
    for i in range(size):
        ring[i].next = ring[(i + 1) % size]
    del ring
    print("slots ring of", size, "->", gc.collect())

for size in (1, 2, 5):
    ring = [DictNode() for _ in range(size)]
    for i in range(size):
        ring[i].next = ring[(i + 1) % size]
    del ring
    print("dict ring of", size, "->", gc.collect())
