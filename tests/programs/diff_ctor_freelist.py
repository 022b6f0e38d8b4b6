# list(...)/dict(...)/dict.fromkeys() allocate through tp_alloc, never from the free list
import gc
gc.disable()
a = [1, 2, 3]
ia = id(a)
del a
b = list(range(3))
print('list reused', id(b) == ia)
a = {}
ia = id(a)
del a
b = dict(a=1)
print('dict reused', id(b) == ia)
c = []
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
x = [0]
del x                  # the list goes to the list free list
c.append(gc.get_count()[0])
y = list(range(2))     # CPython: fresh object (+1); pymemsim: from the free list (0)
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
