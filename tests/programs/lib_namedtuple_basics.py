# collections.namedtuple: a tuple subclass with named, read-only fields, _make/_replace/_asdict,
# defaults, and subclassing it with __slots__ = ().
import sys, gc
from collections import namedtuple
Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x + p.y, p[0], len(p), tuple(p), list(p), p == (1, 2), isinstance(p, tuple))
x, y = p
print(x, y, p._fields, p._asdict(), p._replace(x=10), Point._make([5, 6]))
print(type(p).__name__, type(p).__mro__, repr(Point), hash(p) == hash((1, 2)))
print(sys.getsizeof(p) == sys.getsizeof((1, 2)), gc.is_tracked(p), gc.is_tracked(Point(1, 2)))
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.z = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)
Color = namedtuple("Color", "red green blue", defaults=[0])
print(Color(1, 2), Color._field_defaults, Color(red=1, green=2, blue=3))
Emp = namedtuple("Emp", "name, age")
people = [Emp("ann", 30), Emp("bob", 25)]
print(sorted(people, key=lambda e: e.age), max(people, key=lambda e: e.age).name)
print(p[::-1], p + (3,), p * 2, p.count(1), p.index(2), 1 in p)
print(sys.getrefcount(Point) > 1, Point.__doc__)
class P3(namedtuple("P3", "a b c")):
    __slots__ = ()
    def total(self):
        return self.a + self.b + self.c
    def __repr__(self):
        return "P3<%d>" % self.total()
print(P3(1, 2, 3), P3(1, 2, 3).total(), P3(1, 2, 3)._replace(a=0))
d = {p: "origin"}
print(d[Point(1, 2)], Point(1, 2) == Point(1, 2), Point(1, 2) is Point(1, 2))
