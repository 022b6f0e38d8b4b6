# calling a class packs the positional arguments in a tuple (3.11+: _PyObject_MakeTpCall)
import gc
gc.disable()
class Node:
    def __init__(self, name):
        self.name = name
c = []
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
c.append(gc.get_count()[0])
o = Node('a')          # instance + 1-tuple of args (freed into the tuple free list)
c.append(gc.get_count()[0])
t = (o,)               # CPython: the 1-tuple comes from the free list
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
