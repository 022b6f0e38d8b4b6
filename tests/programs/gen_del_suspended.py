# Dropping the last reference to a suspended generator finalizes it:
# its finally block runs right there, during the del.
import sys

class Resource:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("resource", self.n, "released")

def worker():
    r = Resource(1)
    try:
        yield "step 1"
        yield "step 2"
    finally:
        print("worker finally, resource still", r.n)

g = worker()
print(next(g))
print("refcount of generator:", sys.getrefcount(g))
print("about to del")
del g
print("after del")

h = worker()
print("unstarted generator deleted:")
del h
print("(no finally: the body never started)")
