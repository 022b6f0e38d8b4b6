# Metaclasses derived from type: __call__ (a singleton), __new__/__init__ (a registry),
# methods and properties of the metaclass seen from its classes, a class made by calling one.
class Singleton(type):
    _instances = {}
    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]
class Config(metaclass=Singleton):
    def __init__(self, v=1):
        print("init", v)
        self.v = v
a = Config(5); b = Config(7)
print(a is b, a.v, type(Config).__name__, isinstance(Config, Singleton), isinstance(a, Config))

class Registry(type):
    classes = []
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        mcls.classes.append(name)
        return cls
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.tag = name.lower()
class Base(metaclass=Registry): pass
class Child(Base): pass
print(Registry.classes, Child.tag, type(Child) is Registry, Child.__mro__[1].__name__)

class Meta(type):
    def hello(cls): return "hello from " + cls.__name__
    @property
    def upper(cls): return cls.__name__.upper()
class K(metaclass=Meta): pass
print(K.hello(), K.upper)
try:
    K().hello()
except AttributeError as e:
    print("AttributeError", e)
Dyn = Meta("Dyn", (), {"x": 1})
print(Dyn.x, type(Dyn).__name__, Dyn.hello())
import gc, sys
print(sys.getrefcount(Meta) > 1, gc.is_tracked(K))
