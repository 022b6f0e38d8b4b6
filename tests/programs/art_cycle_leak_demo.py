# "Reference counting can't free cycles": parent <-> child, observed via weakrefs.
import gc, weakref

class Parent:
    def __init__(self):
        self.children = []

class Child:
    def __init__(self, parent):
        self.parent = parent
        parent.children.append(self)

gc.disable()
gc.collect()
p = Parent()
kids = [Child(p) for _ in range(3)]
wp = weakref.ref(p)
del p, kids
print("parent alive after del:", wp() is not None)
print("unreachable objects:", gc.collect())
print("parent alive after collect:", wp() is not None)

class WeakChild:
    def __init__(self, parent):
        self._parent = weakref.ref(parent)
        parent.children.append(self)

p = Parent()
kids = [WeakChild(p) for _ in range(3)]
wp = weakref.ref(p)
del p, kids
print("weak back-reference: parent freed at once:", wp() is None)
