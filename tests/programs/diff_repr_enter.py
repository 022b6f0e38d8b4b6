# the first repr of a container creates the thread-state dict and its 'Py_Repr' list (Py_ReprEnter)
import gc
gc.disable()
x = [1, 2]
c = []
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
c.append(gc.get_count()[0])
s = repr(x)
c.append(gc.get_count()[0])
s = repr(x)
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
