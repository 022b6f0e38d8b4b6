class Positive:
    def __set_name__(self, owner, name):
        self.private = '_' + name
    def __get__(self, obj, objtype=None):
        if obj is None: return self
        return getattr(obj, self.private)
    def __set__(self, obj, value):
        if value <= 0: raise ValueError(f'{self.private[1:]} must be positive, got {value}')
        setattr(obj, self.private, value)
class Product:
    price = Positive(); qty = Positive()
    def __init__(self, price, qty): self.price = price; self.qty = qty
p = Product(3, 4)
print(p.price * p.qty, sorted(vars(p)), type(Product.price).__name__)
try: p.qty = -1
except ValueError as e: print(e)
class Lazy:
    def __init__(self): self.loaded = []
    def __getattr__(self, name):
        if name.startswith('x'):
            self.loaded.append(name); value = name.upper(); setattr(self, name, value); return value
        raise AttributeError(f'no {name}')
lz = Lazy()
print(lz.xa, lz.xa, lz.xb, lz.loaded, hasattr(lz, 'nope'), getattr(lz, 'nope', 'dflt'))
class Tracked:
    def __init__(self): object.__setattr__(self, 'log', [])
    def __setattr__(self, k, v): self.log.append(k); object.__setattr__(self, k, v)
    def __delattr__(self, k): self.log.append('del ' + k); object.__delattr__(self, k)
t = Tracked(); t.a = 1; t.b = 2; del t.a
print(t.log, hasattr(t, 'a'))
class Base:
    registry = []
    def __init_subclass__(cls, tag='none', **kw):
        super().__init_subclass__(**kw); Base.registry.append((cls.__name__, tag))
class One(Base, tag='first'): pass
class Two(One): pass
print(Base.registry)
class Const:
    def __get__(self, o, t): return 42
class K:
    c = Const()
k = K(); k.__dict__['c'] = 'instance'
print(k.c, K.c)
