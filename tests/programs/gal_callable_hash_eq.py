# __call__, __eq__ and __hash__: objects as functions and as dict/set keys
class Polynomial:
    def __init__(self, *coeffs):
        self.coeffs = coeffs  # highest power first

    def __call__(self, x):
        result = 0
        for c in self.coeffs:
            result = result * x + c
        return result

    def __repr__(self):
        return 'Polynomial' + repr(self.coeffs)

p = Polynomial(1, -3, 2)
print(p, [p(x) for x in range(5)], callable(p), callable(5))

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f'P({self.x},{self.y})'

visited = {Point(0, 0), Point(1, 2), Point(0, 0)}
print(len(visited), Point(1, 2) in visited, Point(2, 1) in visited)
labels = {Point(0, 0): 'origin'}
labels[Point(0, 0)] = 'still origin'
print(labels, Point(3, 4) == Point(3, 4), Point(3, 4) is Point(3, 4))

class NoHash:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return self.v == other.v
try:
    {NoHash(1)}
except TypeError as e:
    print('TypeError:', e)
print(NoHash.__hash__ is None)

class CallCounter:
    def __init__(self, func):
        self.func = func
        self.count = 0
    def __call__(self, *args):
        self.count += 1
        return self.func(*args)

@CallCounter
def add(a, b):
    return a + b

print(add(1, 2), add(3, 4), add.count)
print(sorted([(p.x, p.y) for p in visited]))
