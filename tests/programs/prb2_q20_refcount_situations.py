import sys
class Thing: pass
t = Thing()
base = sys.getrefcount(t)
print('base', base)
def rc(): return sys.getrefcount(t) - base
holder = {'k': t, 'j': t}
print('dict values x2', rc())
s = {t}
print('set', rc())
del holder, s
print('after del', rc())
class Box:
    def __init__(self, v): self.v = v
b = Box(t)
print('attr', rc())
b.v = None
print('attr cleared', rc())
lam = lambda: t
print('lambda global ref', rc())
def keep(x):
    return lambda: x
k = keep(t)
print('closure cell', rc())
del k
print('closure gone', rc())
it = iter([t, t])
print('list iterator', rc())
next(it)
print('after one next', rc())
del it
print('iterator gone', rc())
m = [t] * 5
print('repeat 5', rc())
m.pop(); m.pop()
print('popped 2', rc())
m.clear()
print('cleared', rc())
print(sys.getrefcount(Thing()) , sys.getrefcount(Box) > 2)
