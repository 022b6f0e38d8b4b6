from dataclasses import dataclass, field, asdict, astuple, replace
@dataclass
class Point:
    x: int
    y: int = 0
    def dist2(self):
        return self.x ** 2 + self.y ** 2
p = Point(3, 4)
print(p, p.dist2(), p == Point(3, 4), p != Point(0))
@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
vs = sorted([Version(1, 2), Version(0, 9), Version(1, 0)])
print(vs, Version(1) < Version(1, 1), hash(Version(1, 2)) == hash(Version(1, 2)))
try:
    vs[0].major = 5
except Exception as e:
    print(type(e).__name__, e)
@dataclass
class Inventory:
    name: str
    items: list = field(default_factory=list)
    count: int = field(default=0, repr=False)
a = Inventory('a'); b = Inventory('b')
a.items.append('x')
print(a, b, asdict(a), astuple(b))
print(replace(p, y=10), Point.__dataclass_fields__.keys())
@dataclass
class P3(Point):
    z: int = 0
print(P3(1, 2, 3))
