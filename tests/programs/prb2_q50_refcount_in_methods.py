import sys
class Widget:
    def report(self):
        return sys.getrefcount(self)
    def report_after_alias(self):
        other = self
        return sys.getrefcount(self)
w = Widget()
b = sys.getrefcount(w)
print('module', b)
print('method', w.report() - b, 'alias', w.report_after_alias() - b)
bound = w.report
print('bound method held', sys.getrefcount(w) - b)
del bound
items = [Widget() for _ in range(3)]
for it in items:
    print('loop var', sys.getrefcount(it))
del it
print('after loop', [sys.getrefcount(x) for x in items])
def default_holder(x=w):
    return sys.getrefcount(x)
print('default arg', sys.getrefcount(w) - b)
print('inside with default', default_holder() - b)
del default_holder
print('defaults released', sys.getrefcount(w) - b)
class Registry:
    members = []
    def __init__(self):
        Registry.members.append(self)
r = Registry()
print('registered', sys.getrefcount(r))
Registry.members.clear()
print('unregistered', sys.getrefcount(r))
pair = (w, w)
print('tuple of two', sys.getrefcount(w) - b)
a, c = pair
print('unpacked too', sys.getrefcount(w) - b)
del pair, a, c
print('restored', sys.getrefcount(w) - b)
