# Classes nested in functions and classes keep the qualified name the class statement gave them
# (type_new takes __qualname__ out of the namespace): in __qualname__, in reprs, in a dataclass repr.
def scope():
    def g(): pass
    class P:
        def m(self): pass
    return g, P
g, P = scope()
print(g.__qualname__, P.__qualname__, P.m.__qualname__, P)
class A:
    class B: pass
print(A.B.__qualname__, A.B)
import dataclasses
def make():
    @dataclasses.dataclass
    class Point:
        x: int
    return Point(1)
print(make())
print(type(A.B()).__qualname__)
P.__qualname__ = "Renamed"
print(P.__qualname__, P)
