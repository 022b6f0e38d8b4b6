# Weak reference callbacks fire when the collector frees a cycle.
import gc, weakref

events = []

class Obj:
    def __init__(self, name):
        self.name = name

def make_cb(name):
    def cb(ref):
        events.append(name + " gone, ref() is " + repr(ref()))
    return cb

gc.disable()
gc.collect()
a = Obj("a")
b = Obj("b")
a.peer = b
b.peer = a
ra = weakref.ref(a, make_cb("a"))
rb = weakref.ref(b, make_cb("b"))
del a, b
print("events before collect:", events)
print("collected:", gc.collect())
for e in sorted(events):
    print(e)
c = Obj("c")
rc = weakref.ref(c, make_cb("c"))
del c
print("no cycle, callback immediate:", events[-1])
