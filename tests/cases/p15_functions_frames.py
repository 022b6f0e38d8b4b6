# Function calls: locals are released when the function returns.
import sys
class Tracked:
    def __init__(self, n): self.n = n
    def __del__(self): print("freed", self.n)
def make_and_drop():
    t = Tracked("local")
    print("inside, refcount:", sys.getrefcount(t))
    return 1
print("returned", make_and_drop())
def keep(x):
    return x
kept = keep(Tracked("returned"))
print("kept alive by the caller")
del kept
def defaults(a, b=[]):
    b.append(a)
    return len(b)
print("shared default:", defaults(1), defaults(2), defaults(3))
f = lambda v: v * 2
print("lambda:", f(21))
def outer():
    return [Tracked("in list"), Tracked("second")]
r = outer()
print("list from a function holds", len(r))
r = None
print("end")
