# Which objects does the cyclic GC track at all?
import gc

class Plain:
    pass

class Slotted:
    __slots__ = ()

def show(label, obj):
    print(f"{label:<28}", gc.is_tracked(obj))

show("int 42", 42)
show("str 'text'", "text")
show("float 1.5", 1.5)
show("None", None)
show("bytes b'x'", b"x")
show("empty list []", [])
show("list [1, 2]", [1, 2])
show("empty dict {}", {})
show("dict {'a': 1}", {"a": 1})
show("dict {'a': []}", {"a": []})
show("set {1}", {1})
show("frozenset()", frozenset())
show("instance Plain()", Plain())
show("instance Slotted()", Slotted())
show("function show", show)
show("class Plain", Plain)
show("lambda", lambda: 0)
show("range(3)", range(3))
show("iter([])", iter([]))
