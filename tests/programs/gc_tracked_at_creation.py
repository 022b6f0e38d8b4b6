# Which new containers start out untracked by the cyclic GC? (3.14 and 3.15 untrack more of
# them at creation instead of waiting for a collection to do it.)
import gc

class A:
    pass

def show(label, obj):
    print(f"{label:<34}", gc.is_tracked(obj))

show("tuple([1, 2])", tuple([1, 2]))
show("tuple([[]])", tuple([[]]))
show("frozenset()", frozenset())
show("frozenset([1, 2])", frozenset([1, 2]))
show("frozenset([(1, 2)])", frozenset([(1, 2)]))
show("frozenset([A()])", frozenset([A()]))
show("frozenset([1]) | {2}", frozenset([1]) | {2})
show("divmod(7, 2)", divmod(7, 2))
show("divmod(7.0, 2)", divmod(7.0, 2))
show("(1.5).as_integer_ratio()", (1.5).as_integer_ratio())
show("(3).as_integer_ratio()", (3).as_integer_ratio())
show("'a=b'.partition('=')", "a=b".partition("="))
show("{1: 2}.popitem()", {1: 2}.popitem())
print("list(d.items())", [gc.is_tracked(t) for t in list({1: 2, 3: 4}.items())])
print("list(enumerate('ab'))", [gc.is_tracked(t) for t in list(enumerate("ab"))])
print("list(zip(...))", [gc.is_tracked(t) for t in list(zip([1, 2], [3, 4]))])
for t in {1: 2}.items():
    print("for over d.items()", gc.is_tracked(t))
