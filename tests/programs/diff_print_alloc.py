# print() allocates GC objects that pymemsim's print does not: gen0 deltas of three prints
import gc
gc.disable()
c = []
gc.collect()
gc.get_count()          # warm-up: the 3-tuple of get_count() is in the free list from now on
c.append(gc.get_count()[0])
print('one')
c.append(gc.get_count()[0])
print('two', 'args')
c.append(gc.get_count()[0])
print('three')
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
