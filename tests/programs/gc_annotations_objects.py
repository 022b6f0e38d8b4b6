# The objects a class with annotations costs: 3.14 adds the __annotate__ function, its
# closure tuple and the __classdict__ cell; the first read of __annotations__ computes the dict.
import gc, sys
gc.disable(); gc.collect()
t = gc.get_count(); t = gc.get_count()
class W: pass
class W2: pass
a = gc.get_count()[0]
class P:
    x: int
    y: int = 0
b = gc.get_count()[0]
class Q:
    pass
c = gc.get_count()[0]
P.__annotations__
d = gc.get_count()[0]
print(b - a, c - b, d - c)
print(sys.getrefcount(P))
