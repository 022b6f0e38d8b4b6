# weakref.ref(o) / weakref.ref(o, cb): the type call packs its arguments in a tuple
import gc, weakref
gc.disable()
class Node:
    pass
def cb(r):
    pass
o = Node()
c = []
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
c.append(gc.get_count()[0])
r1 = weakref.ref(o)
c.append(gc.get_count()[0])
r2 = weakref.ref(o, cb)
c.append(gc.get_count()[0])
t = (o, cb)
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
