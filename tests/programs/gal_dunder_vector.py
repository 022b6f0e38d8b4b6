# A 2-D Vector class with arithmetic and comparison dunder methods
import math

class Vector:
    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f'Vector({self.x!r}, {self.y!r})'

    def __str__(self):
        return f'({self.x}, {self.y})'

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __bool__(self):
        return bool(self.x or self.y)

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, scalar):
        if isinstance(scalar, Vector):
            return self.x * scalar.x + self.y * scalar.y
        return Vector(self.x * scalar, self.y * scalar)

    __rmul__ = __mul__

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __iadd__(self, other):
        self.x += other.x
        self.y += other.y
        return self

v1 = Vector(2, 4)
v2 = Vector(2, 1)
print(v1 + v2, v1 - v2, v1 * 3, 3 * v1, v1 * v2, -v1)
print(repr(v1), abs(Vector(3, 4)), bool(Vector()), bool(v2))
print(v1 == Vector(2, 4), v1 != v2, v1 == (2, 4))
print(sorted([Vector(5, 5), Vector(1, 0), Vector(0, 2)]))
print(max([v1, v2]), min(v1, v2))
alias = v1
v1 += v2
print(v1, alias, alias is v1)
print(sum([Vector(1, 1), Vector(2, 2)], Vector()))
try:
    v1 + 5
except AttributeError as e:
    print('AttributeError')
try:
    hash(v1)
except TypeError as e:
    print('TypeError:', e)
