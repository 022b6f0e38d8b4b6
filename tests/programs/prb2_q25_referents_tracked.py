import gc
print(gc.is_tracked(1), gc.is_tracked('s'), gc.is_tracked([]), gc.is_tracked(()))
print(gc.is_tracked({}), gc.is_tracked({'a': 1}), gc.is_tracked({'a': []}))
print(gc.is_tracked((1, 2)), gc.is_tracked(([],)), gc.is_tracked(set()), gc.is_tracked(frozenset()))
class P: pass
class S:
    __slots__ = ('x',)
print(gc.is_tracked(P()), gc.is_tracked(S()), gc.is_tracked(lambda: 0), gc.is_tracked(b'x'))
inner = [1, 2]
outer = [inner, 'txt', 3]
refs = gc.get_referents(outer)
print(len(refs), refs[0] is inner, sorted(map(repr, refs)))
d = {'k': inner}
print(sorted(map(repr, gc.get_referents(d))))
t = (inner, inner)
print(len(gc.get_referents(t)))
p = P(); p.a = 1; p.b = inner
rs = gc.get_referents(p)
print([type(r).__name__ for r in rs])
print(gc.get_referents(1, 'a', 2.0))
def f(): pass
print(sorted(type(r).__name__ for r in gc.get_referents(gc.get_referents(p)[0])))
