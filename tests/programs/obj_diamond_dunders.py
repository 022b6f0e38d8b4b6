# Which __init__, __new__ and __del__ a class gets is decided by its MRO (C3), not by a
# depth-first walk of its bases: in a diamond, a sibling's method wins over the shared base's.
import sys

class Base:
    def __init__(self):
        print("Base.__init__")
    def __new__(cls):
        print("Base.__new__", cls.__name__)
        return super().__new__(cls)

class Left(Base):
    pass

class Right(Base):
    def __init__(self):
        print("Right.__init__")
        super().__init__()
    def __new__(cls):
        print("Right.__new__", cls.__name__)
        return super().__new__(cls)

class Bottom(Left, Right):
    pass

print([c.__name__ for c in Bottom.__mro__])
b = Bottom()
print(sys.getrefcount(b))

class Tracked(Base):
    def __del__(self):
        print("Tracked.__del__")

class Mixed(Left, Tracked):
    pass

m = Mixed()
del m
print("after del")

class Plain:
    pass

class Sub(Plain, Right):
    pass

s = Sub()
print(type(s).__name__, len(Sub.__mro__))
