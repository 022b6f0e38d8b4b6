# Inheritance: overriding methods, super(), isinstance/issubclass
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"

class Rectangle(Shape):
    def __init__(self, w, h):
        super().__init__('rectangle')
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = 'square'

class Circle(Shape):
    def __init__(self, r):
        Shape.__init__(self, 'circle')
        self.r = r

    def area(self):
        return 3.14159 * self.r ** 2

shapes = [Rectangle(2, 3), Square(4), Circle(1.5), Shape('blob')]
for s in shapes:
    print(s.describe())
print(isinstance(shapes[1], Rectangle), isinstance(shapes[2], Rectangle))
print(issubclass(Square, Shape), issubclass(bool, int), issubclass(float, int))
print([c.__name__ for c in Square.__mro__])
print(sum(s.area() for s in shapes))
