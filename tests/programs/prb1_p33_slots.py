import sys
class WithDict:
    def __init__(self, x, y):
        self.x = x
        self.y = y
class WithSlots:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y
a = WithDict(1, 2); b = WithSlots(1, 2)
print(sys.getsizeof(a), sys.getsizeof(b))
print(hasattr(a, '__dict__'), hasattr(b, '__dict__'))
print(sys.getsizeof(a.__dict__))
try:
    b.z = 3
except AttributeError as e:
    print('AttributeError', e)
a.z = 3
print(sorted(vars(a)))
class Sub(WithSlots):
    pass
s = Sub(1, 2); s.z = 5
print(s.z, hasattr(s, '__dict__'), sys.getsizeof(s))
class Sub2(WithSlots):
    __slots__ = ('z',)
print(sys.getsizeof(Sub2(1, 2)))
class Empty:
    __slots__ = ()
print(sys.getsizeof(Empty()))
class WR:
    __slots__ = ('v', '__weakref__')
print(sys.getsizeof(WR()))
print(WithSlots.x, type(WithSlots.__dict__['x']).__name__)
w = WithSlots(5, 6)
del w.x
try:
    w.x
except AttributeError as e:
    print('AttributeError', e)
