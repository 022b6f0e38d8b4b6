class Vec:
    __slots__ = ('x', 'y')
    def __init__(self, x=0, y=0): self.x, self.y = x, y
    def __repr__(self): return f'Vec({self.x}, {self.y})'
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y) if isinstance(o, Vec) else NotImplemented
    def __radd__(self, o): return self if o == 0 else NotImplemented
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self): return Vec(-self.x, -self.y)
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __bool__(self): return bool(self.x or self.y)
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __iter__(self): yield self.x; yield self.y
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __iadd__(self, o): self.x += o.x; self.y += o.y; return self
v, w = Vec(1, 2), Vec(3, 4)
print(v + w, 2 * v, v * 3, -v, abs(w), bool(Vec()), bool(v))
print(sum([v, w, Vec(1, 1)]), list(v), v[1], tuple(w), v == Vec(1, 2), v != w)
print(len({Vec(1, 2), Vec(1, 2), Vec(2, 1)}))
u = v; v += w
print(u is v, u)
try:
    v + 5
except TypeError as e:
    print('TypeError:', e)
x, y = w; print(x, y, max(w), 3 in w)
class Poly:
    def __init__(self, *c): self.c = list(c)
    def __call__(self, x): return sum(k * x ** i for i, k in enumerate(self.c))
    def __len__(self): return len(self.c)
    def __contains__(self, k): return k in self.c
    def __lt__(self, o): return len(self) < len(o)
p = Poly(1, 0, 2)
print(p(3), len(p), 2 in p, 5 in p, [len(q) for q in sorted([Poly(1, 2, 3), Poly(1), p])])
print(Poly(0) < p, p > Poly(0), p <= p if hasattr(Poly, '__le__') and Poly.__le__ is not object.__le__ else 'no le')
