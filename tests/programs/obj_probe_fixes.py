# Smaller fidelity points found by probing: object.__delattr__ from an override, __set_name__
# (class statements and type()), closure variable order, a recursive OrderedDict's repr, and
# a finalizer switched off for exit while its object dies at teardown.
class T:
    def __delattr__(self, k): object.__delattr__(self, k)
t = T(); t.a = 1
del t.a
print(vars(t))
class Field:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, obj, objtype=None):
        return getattr(obj, self.name, None) if obj is not None else self
    def __set__(self, obj, value):
        setattr(obj, self.name, value)
class Model:
    title = Field()
    count = Field()
    def __init__(self, title):
        self.title = title
m = Model("memo")
print(m.title, m.count, m._title, Model.title.name)
M2 = type("M2", (), {"f": Field()})
print(M2.f.name)
class Base:
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__)
T3 = type("T3", (Base,), {})
print(T3.__name__)
def outer():
    x = 1; y = 2
    def inner(): return y, x
    return inner
print(outer().__code__.co_freevars)
from collections import OrderedDict
od = OrderedDict(a=1); od['me'] = od
print(od)
import weakref
class C:
    def __del__(self): print('del')
c = C()
f = weakref.finalize(c, lambda: print('fin'))
f.atexit = False
