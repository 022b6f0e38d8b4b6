class Shape:
    def __init__(self, name):
        self.name = name
    def area(self):
        raise NotImplementedError
    def __str__(self):
        return f'{self.name} with area {self.area():.2f}'
class Rect(Shape):
    def __init__(self, w, h):
        super().__init__('rect')
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = 'square'
class Circle(Shape):
    def __init__(self, r):
        super().__init__('circle')
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
shapes = [Rect(2, 3), Square(4), Circle(1)]
for s in shapes:
    print(s)
print([type(s).__name__ for s in sorted(shapes, key=lambda s: s.area())])
print(issubclass(Square, Shape), isinstance(shapes[1], Rect), [c.__name__ for c in Square.__mro__])
try:
    Shape('blob').area()
except NotImplementedError as e:
    print('abstract!', repr(e))
class A:
    def hi(self): return 'A'
class B(A):
    def hi(self): return 'B>' + super().hi()
class C(A):
    def hi(self): return 'C>' + super().hi()
class D(B, C):
    def hi(self): return 'D>' + super().hi()
print(D().hi(), [k.__name__ for k in D.mro()])
