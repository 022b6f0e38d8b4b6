class Dog:
    kind = 'canine'
    tricks_shared = []
    def __init__(self, name):
        self.name = name
        self.tricks = []
    def add_trick(self, trick):
        self.tricks.append(trick)
        self.tricks_shared.append(trick)
d = Dog('Fido'); e = Dog('Buddy')
d.add_trick('roll over'); e.add_trick('play dead')
print(d.kind, e.kind, d.name, e.name, d.tricks, e.tricks, Dog.tricks_shared)
class Complex:
    def __init__(self, realpart, imagpart):
        self.r = realpart
        self.i = imagpart
x = Complex(3.0, -4.5)
print(x.r, x.i)
x.counter = 1
while x.counter < 10:
    x.counter = x.counter * 2
print(x.counter)
del x.counter
print(sorted(vars(x)), hasattr(x, 'counter'))
class MyClass:
    """A simple example class"""
    i = 12345
    def f(self):
        return 'hello world'
m = MyClass()
xf = m.f
print(xf(), MyClass.f(m), MyClass.__doc__, MyClass.i)
class Warehouse:
    purpose = 'storage'
    region = 'west'
w1 = Warehouse(); w2 = Warehouse(); w2.region = 'east'
print(w1.purpose, w1.region, w2.purpose, w2.region)
def f1(self, x, y):
    return min(x, x + y)
class C:
    f = f1
    def g(self):
        return 'hello world'
    h = g
print(C().f(1, -2), C().h(), type(C().g).__name__, isinstance(C(), object))
class Bag:
    def __init__(self):
        self.data = []
    def add(self, x):
        self.data.append(x)
    def addtwice(self, x):
        self.add(x); self.add(x)
b = Bag(); b.addtwice(5); print(b.data, b.__class__.__name__)
