# Classes, methods, bound methods and class attributes.
import sys
class Counter:
    total = 0
    def __init__(self, start):
        self.value = start
        Counter.total += 1
    def inc(self, by=1):
        self.value += by
        return self.value
    def __repr__(self):
        return "Counter(" + str(self.value) + ")"
c = Counter(5)
print(c.inc(), c.inc(10), Counter.total)
m = c.inc
print("bound method holds self:", sys.getrefcount(c))
print(m(), c)
del m
print("after del m:", sys.getrefcount(c))
print(isinstance(c, Counter), type(c).__name__, type(c) is Counter)
class Sub(Counter):
    def inc(self, by=1):
        return Counter.inc(self, by * 100)
s = Sub(0)
print(s.inc(), isinstance(s, Counter), Counter.total)
print(hasattr(c, "value"), hasattr(c, "nope"), getattr(c, "nope", "default"))
print(sorted(c.__dict__.keys()) if hasattr(c, "__dict__") else None)
