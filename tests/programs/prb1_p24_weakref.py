import weakref, gc
class Obj:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f'Obj({self.n})'
o = Obj(1)
r = weakref.ref(o)
print(r() is o, r(), weakref.getweakrefcount(o))
def cb(ref):
    print('callback, dead ref ->', ref())
r2 = weakref.ref(o, cb)
print(weakref.getweakrefcount(o))
del o
print(r(), r2())
try:
    weakref.ref(1)
except TypeError as e:
    print('TypeError', e)
try:
    weakref.ref([])
except TypeError as e:
    print('TypeError', e)
a = Obj(2); b = Obj(3)
a.b = b; b.a = a
ra = weakref.ref(a, lambda r: print('a died'))
del a, b
print('before collect', ra() is None)
gc.collect()
print('after collect', ra() is None)
c = Obj(4)
p = weakref.proxy(c)
print(p.n, p)
del c
try:
    p.n
except ReferenceError as e:
    print('ReferenceError', e)
class M:
    def meth(self):
        return 'hi'
m = M()
wm = weakref.WeakMethod(m.meth)
print(wm()())
del m
print(wm())
