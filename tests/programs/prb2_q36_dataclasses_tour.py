from dataclasses import dataclass, field, asdict, astuple, replace, fields
@dataclass
class Point:
    x: float
    y: float = 0.0
    def dist(self): return (self.x ** 2 + self.y ** 2) ** 0.5
@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
@dataclass
class Order:
    oid: int
    items: list = field(default_factory=list)
    total: float = field(init=False, default=0.0)
    secret: str = field(default='x', repr=False, compare=False)
    def __post_init__(self):
        self.total = sum(p for _, p in self.items)
p = Point(3, 4)
print(p, p.dist(), p == Point(3.0, 4.0), Point(1))
vs = [Version(1, 2), Version(1, 0, 5), Version(0, 9)]
print(sorted(vs), max(vs), Version(1) < Version(1, 0, 1), hash(Version(1)) == hash(Version(1, 0, 0)))
try:
    vs[0].major = 5
except Exception as e:
    print(type(e).__name__, e)
o = Order(1, [('pen', 1.5), ('pad', 3.25)])
print(o, asdict(o), astuple(Point(1, 2)))
print(replace(p, y=0), [f.name for f in fields(Order)], Order(2) == Order(2, secret='y'))
o2 = Order(3); o2.items.append(('x', 1)); print(Order(4).items)
try:
    @dataclass
    class Bad:
        xs: list = []
except ValueError as e:
    print('ValueError', e)
