# 3.8 and 3.14+: bound builtin methods (PyCFunctionObject) have a free list, emptied by a full
# collection. CPython creates them internally: sys.getsizeof() looks up o.__sizeof__, print()
# looks up file.write, format() looks up __format__... The first one after gc.collect() is +1.
import gc, sys
gc.disable()
x = [1]
c = []
gc.collect()
gc.get_count()          # warm-up
c.append(gc.get_count()[0])
n = sys.getsizeof(x)    # bound method x.__sizeof__ (C method) -> free list
c.append(gc.get_count()[0])
n = sys.getsizeof(x)    # reuses it
c.append(gc.get_count()[0])
m = x.append            # a bound builtin method made by Python code
del m
c.append(gc.get_count()[0])
print([b - a for a, b in zip(c, c[1:])])
