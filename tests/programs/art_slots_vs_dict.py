# __slots__ removes the per-instance __dict__: the classic memory saving.
import sys

class WithDict:
    def __init__(self, x, y):
        self.x = x
        self.y = y

class WithSlots:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

d = WithDict(1, 2)
s = WithSlots(1, 2)
print("instance with __dict__:", sys.getsizeof(d))
print("its __dict__:", sys.getsizeof(d.__dict__))
print("instance with __slots__:", sys.getsizeof(s))
print("slots instance has __dict__:", hasattr(s, "__dict__"))
print("slots instance has __weakref__:", hasattr(s, "__weakref__"))
try:
    s.z = 3
except AttributeError as e:
    print("AttributeError:", e)
class Empty:
    __slots__ = ()
print("empty-slots instance:", sys.getsizeof(Empty()))
