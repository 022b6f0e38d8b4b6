# A class gains and loses __del__ after instances exist: deallocation and the collector
# follow the class as it is now (tp_finalize is looked up at each deallocation).
import gc

class Node:
    pass

def goodbye(self):
    print("finalizing", self.name)

a = Node()
a.name = "a"
b = Node()
b.name = "b"
del a
print("a freed without a finalizer")
Node.__del__ = goodbye
del b
c = Node()
c.name = "c"
c.self = c
del c
print("collected", gc.collect())
del Node.__del__
d = Node()
d.name = "d"
d.self = d
del d
print("collected", gc.collect())
class Child(Node):
    pass
Node.__del__ = goodbye
e = Child()
e.name = "e"
del e
print("done")
