# dataclasses: generated methods, defaults and factories, frozen and ordered classes, hashing,
# inheritance, asdict/astuple/replace, and the errors for mutable defaults and field order.
from dataclasses import dataclass, field, fields, asdict, astuple, replace, is_dataclass, FrozenInstanceError
import gc, sys

@dataclass
class Point:
    x: int
    y: int = 0

p = Point(1, 2)
print(p, repr(p), p == Point(1, 2), p != Point(2, 1), p.__hash__ is None)
print([f.name for f in fields(p)], is_dataclass(p), is_dataclass(Point), is_dataclass(1))
print(getattr(Point, '__match_args__', None), Point.__init__.__qualname__, Point.__repr__.__qualname__)
print(repr(fields(Point)[1]).split('default_factory')[0], repr(fields(Point)[1]).split('init=')[1])

@dataclass
class P3(Point):
    z: int = 5
print(P3(1), P3(1, 2, 3), asdict(P3(7)))

@dataclass(frozen=True)
class F:
    a: int
    b: list = field(default_factory=list, compare=False)
f = F(1)
print(f, hash(f) == hash((1,)), f == F(1, [2]))
try:
    f.a = 3
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e, isinstance(e, AttributeError))
try:
    del f.a
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)

try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print("ValueError:", e)

try:
    @dataclass
    class Bad2:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)

@dataclass
class Node:
    value: int
    children: list = field(default_factory=list)
n = Node(1, [Node(2), Node(3)])
print(n)
print(asdict(n))
print(astuple(n))
m = replace(n, value=9)
print(m.value, m.children is n.children)

@dataclass(order=True)
class V:
    major: int
    minor: int = 0
print(sorted([V(2), V(1, 5), V(1, 2)]), V(1) < V(1, 1), V(2) >= V(1, 9))

@dataclass
class Rec:
    name: str
    other: "Rec" = None
r = Rec("a"); r.other = r
print(r)

@dataclass(eq=False)
class NoEq:
    a: int
print(NoEq(1) == NoEq(1), NoEq(1).__hash__ is not None)

@dataclass(unsafe_hash=True)
class UH:
    a: int
print(hash(UH(3)) == hash((3,)))

@dataclass
class WithInitFalse:
    a: int
    b: int = field(default=10, init=False)
    c: list = field(default_factory=list, repr=False)
w = WithInitFalse(1)
print(w, w.b, w.c)
try:
    replace(w, b=3)
except (ValueError, TypeError) as e:
    print(type(e).__name__, e)

@dataclass
class Post:
    a: int
    def __post_init__(self):
        self.double = self.a * 2
print(Post(4).double, vars(Post(4)))
print(gc.is_tracked(p), sys.getrefcount(Point) > 0)
