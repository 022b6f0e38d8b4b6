# A first look at classes: class objects, instance objects, methods
class MyClass:
    """A simple example class"""
    i = 12345

    def f(self):
        return 'hello world'

print(MyClass.i)
print(MyClass.__doc__)
x = MyClass()
print(x.f())
print(MyClass.f(x))

class Complex:
    def __init__(self, realpart, imagpart):
        self.r = realpart
        self.i = imagpart

x = Complex(3.0, -4.5)
print(x.r, x.i)

y = MyClass()
y.counter = 1
while y.counter < 10:
    y.counter = y.counter * 2
print(y.counter)
del y.counter
print(hasattr(y, 'counter'))

xf = x.r.__add__
print(xf(1.0))
m = MyClass().f
print(m())

class Bag:
    def __init__(self):
        self.data = []

    def add(self, x):
        self.data.append(x)

    def addtwice(self, x):
        self.add(x)
        self.add(x)

b = Bag()
b.add('one')
b.addtwice('two')
print(b.data, type(b).__name__, isinstance(b, Bag))
print(sorted(vars(x).items()))
