# An instance that points at itself: refcounting alone can never free it.
import gc, sys, weakref

class Node:
    pass

gc.disable()
gc.collect()

n = Node()
print("fresh instance refcount:", sys.getrefcount(n))
n.me = n
print("after n.me = n:", sys.getrefcount(n))
alive = weakref.ref(n)
del n
print("after del n, still alive:", alive() is not None)
print("collect() found:", gc.collect())
print("after collect, alive:", alive() is not None)
print("second collect():", gc.collect())
