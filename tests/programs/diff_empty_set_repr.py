# set_repr calls Py_ReprEnter before its empty-set shortcut (list_repr and tuplerepr return
# first), so the first repr of an empty set makes the thread state's repr dict and list.
import gc
gc.disable()
gc.collect()
before = gc.get_count()[0]
print('empty', set(), frozenset(), [], ())
after = gc.get_count()[0]
print('growth', after - before)
# 3.8 and 3.9 keep one empty frozenset: frozenset() and frozenset of anything empty return it.
print(frozenset() is frozenset(), frozenset([]) is frozenset(), frozenset(set()) is frozenset())
print(frozenset([1]) is frozenset([1]), len(frozenset(range(0))))
