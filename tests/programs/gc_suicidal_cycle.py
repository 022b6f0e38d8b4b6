# A finalizer that breaks its own cycle: after __del__ the objects are freed
# by plain reference counting in the middle of the collection.
import gc, weakref

order = []

class Link:
    def __init__(self, name):
        self.name = name
        self.next = None
    def __del__(self):
        order.append(self.name)
        self.next = None

gc.disable()
gc.collect()
nodes = [Link(c) for c in "abcd"]
for i, nd in enumerate(nodes):
    nd.next = nodes[(i + 1) % len(nodes)]
refs = [weakref.ref(nd) for nd in nodes]
del nodes, nd
print("alive before:", sum(r() is not None for r in refs))
print("collected:", gc.collect())
print("finalizers ran:", sorted(order))
print("alive after:", sum(r() is not None for r in refs))
