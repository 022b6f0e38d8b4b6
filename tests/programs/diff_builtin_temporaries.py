# The temporary objects CPython's builtins make, seen by gc.get_count() on the first call
# after a collection (the free lists are empty then): argument tuples and keyword dicts of
# METH_VARARGS methods (str.format, dict.update, str.find & co. until 3.12, set.union & co.
# until 3.13), bound __format__/__reversed__ methods, the iterator min/max/sum/set()/dict()
# take over a list, 3.14's list and tuple iterator free lists, zip's result tuple, the list
# set_repr goes through, argument parsers' keyword tuples (3.8-3.11).
import gc
gc.disable()
s = 'abc'
st = {1, 2}
d = {'a': 1}
L = [3, 1, 2]
t = (1, 2)

class Box:
    def __init__(self, v):
        self.v = v
    def __format__(self, spec):
        return 'Box' + format(self.v, spec)
    def __reversed__(self):
        return iter([self.v])

box = Box(7)
prop = property(abs)
calls = [
    ('startswith', lambda: s.startswith('a')),
    ('find', lambda: s.find('b')),
    ('count', lambda: s.count('b')),
    ('format', lambda: '{} {}'.format(1, 2)),
    ('format kw', lambda: '{x}'.format(x=1)),
    ('fstring spec', lambda: f'{2.5:.1f}'),
    ('format()', lambda: format(5, 'x')),
    ('format Box', lambda: format(box, '>3')),
    ('set.union', lambda: st.union([1])),
    ('set.update', lambda: st.update([1])),
    ('dict.update kw', lambda: d.update(x=1)),
    ('dict.update', lambda: d.update({'z': 3})),
    ('dict pairs', lambda: dict([('a', 1)])),
    ('max', lambda: max(L)),
    ('min key', lambda: min(L, key=abs)),
    ('sum', lambda: sum(L)),
    ('sum start', lambda: sum(L, start=0)),
    ('sort key', lambda: L.sort(key=abs)),
    ('set()', lambda: set(L)),
    ('frozenset()', lambda: frozenset(t)),
    ('iter list', lambda: iter(L)),
    ('iter tuple', lambda: iter(t)),
    ('reversed', lambda: reversed(L)),
    ('reversed Box', lambda: reversed(box)),
    ('enumerate', lambda: enumerate(L, start=1)),
    ('zip', lambda: zip(t, t)),
    ('zip to end', lambda: list(zip(L, range(2)))),
    ('map', lambda: map(abs, L)),
    ('any', lambda: any(L)),
    ('tuple of 5', lambda: tuple(range(5))),
    ('tuple of 15', lambda: tuple(range(15))),
    ('tuple of 40', lambda: tuple('x' * 40)),
    ('property.setter', lambda: prop.setter(abs)),
    ('repr set', lambda: repr(st)),
    ('repr frozenset', lambda: repr(frozenset(t))),
]
out = []
for name, call in calls:
    gc.collect()
    gc.get_count()
    before = gc.get_count()[0]
    call()
    first = gc.get_count()[0]
    call()
    second = gc.get_count()[0]
    out.append(f'{name}: {first - before} {second - first}')
print('\n'.join(out))
it = iter([1])
next(it)
print(type(it).__name__, next(it, 'end'), type(it).__name__)
print(type(iter(bytearray(b'x'))).__name__, type(iter('é')).__name__)
