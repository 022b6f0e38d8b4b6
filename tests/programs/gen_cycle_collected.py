# A generator that refers to itself (through a list it holds) is in a cycle.
# The cyclic GC finalizes it, which runs its finally block; finishing the frame
# breaks the cycle, so plain refcounting frees the rest.
import gc, weakref

log = []

def looper(box):
    try:
        while True:
            yield len(box)
    finally:
        log.append("finally ran")

gc.disable()
gc.collect()
box = []
g = looper(box)
box.append(g)
print("first value:", next(g))
w = weakref.ref(g)
del g, box
print("alive after del:", w() is not None, "log:", log)
n = gc.collect()
print("collect() returned:", n)
print("alive after collect:", w() is not None, "log:", log)
