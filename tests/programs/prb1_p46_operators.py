class Vec:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f'Vec({self.x}, {self.y})'
    def __str__(self):
        return f'<{self.x}, {self.y}>'
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y) if isinstance(o, Vec) else NotImplemented
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __lt__(self, o):
        return abs(self) < abs(o)
    def __bool__(self):
        return bool(self.x or self.y)
    def __iter__(self):
        yield self.x; yield self.y
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __len__(self):
        return 2
    def __iadd__(self, o):
        self.x += o.x; self.y += o.y
        return self
    def __call__(self, s):
        return Vec(self.x * s, self.y)
    def __contains__(self, v):
        return v in (self.x, self.y)
a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a - b, a * 3, 2 * a, -a, abs(b), a == Vec(1, 2), a != b, repr(a), str(a))
print(sorted([b, a, Vec(0, 1)]), max(a, b), bool(Vec(0, 0)), list(a), a[1], len(a), 3 in b, a(10))
print(len({a, Vec(1, 2), b}), {a: 'A'}[Vec(1, 2)])
c = a; c += b
print(a, c is a)
try:
    a + 1
except TypeError as e:
    print(e)
print(a > b, a <= b if hasattr(Vec, '__le__') and Vec.__le__ is not object.__le__ else 'no le')
