# Module and class annotations: __annotations__ set up at run time up to 3.13; from 3.14
# (PEP 649/749) an __annotate__ function per module and class, a class's reading the class
# namespace first through its __classdict__ cell, called on first read and cached.
import sys, gc
x: int = 5
y: str
print(x)
import gc
print("__annotations__" in dir())
class Point:
    """A point."""
    x: float
    y: float = 0.0
    label: "str" = "p"
    def norm(self) -> float:
        return (self.x ** 2 + self.y ** 2) ** 0.5
print(Point.__annotations__, Point.y)
print(sorted(k for k in Point.__dict__ if k.startswith('__ann') or k.startswith('__classd')))
class Alias:
    T = int
    v: T
print(Alias.__annotations__)
def make():
    U = list
    class Inner:
        w: U
    return Inner
print(make().__annotations__)
class Empty: pass
print(Empty.__annotations__)
class Sub(Point):
    z: int = 1
print(Sub.__annotations__)
gc.collect()
print(gc.is_tracked(Point))
