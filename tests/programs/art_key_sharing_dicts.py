# Instances of one class share their attribute keys (PEP 412); adding attributes
# in a different order, or too many, can break the sharing.
import sys

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

p1 = Point(1, 2)
p2 = Point(3, 4)
print("instance:", sys.getsizeof(p1))
print("__dict__ of p1:", sys.getsizeof(p1.__dict__), "of p2:", sys.getsizeof(p2.__dict__))
plain = {"x": 1, "y": 2}
print("an equivalent plain dict:", sys.getsizeof(plain))
p3 = Point(5, 6)
p3.z = 7
print("after adding z to p3:", sys.getsizeof(p3.__dict__))
print("p1 after that:", sys.getsizeof(p1.__dict__))
print("vars(p1):", vars(p1))
