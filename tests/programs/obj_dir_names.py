# dir(): the names of built-in objects (CPython's, per version), instances, classes, modules,
# a function's locals, and a class's own __dir__.
import gc
def f(a, b=2):
    c = 3
    print(dir())
f(1)
class D:
    def __dir__(self): return ['z', 'a']
print(dir(D()))
print(dir(gc)[:3], len(dir(gc)) > 5)
def g(): pass
g.tag = 1
print([n for n in dir(g) if not n.startswith('__')])
print(dir(None)[:3], len(dir(3.5)), dir(type))[:0]
print(len(dir(int)), len(dir(object)), 'mro' in dir(type))
class E(Exception): pass
print([n for n in dir(E()) if not n.startswith('__')])
print(dir())
print(dir([]))
print(len(dir(1)))
class A:
    x = 1
    def f(self): pass
print(dir(A()))
print([n for n in dir("") if not n.startswith("_")][:5])
