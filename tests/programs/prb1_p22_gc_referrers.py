import gc
class Box:
    pass
b = Box()
holder = [b]
other = {'k': b}
refs = gc.get_referrers(b)
print(sum(1 for r in refs if r is holder), sum(1 for r in refs if r is other))
print(gc.get_referents(holder) == [b], other['k'] is b)
t = (1, 'x', holder)
print([type(r).__name__ for r in gc.get_referents(t)])
print(gc.is_tracked(0), gc.is_tracked('a'), gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked({'a': 1}), gc.is_tracked({'a': []}))
print(gc.is_tracked(Box()), gc.is_tracked((1, 2)), gc.is_tracked(()), gc.is_tracked(b))
class S:
    __slots__ = ('v',)
print(gc.is_tracked(S()), gc.is_tracked(set()), gc.is_tracked(frozenset()), gc.is_tracked(1.5))
def f(): pass
print(gc.is_tracked(f), gc.is_tracked(Box), gc.is_tracked(len))
print(gc.is_finalized(b) if hasattr(gc, 'is_finalized') else 'n/a')
