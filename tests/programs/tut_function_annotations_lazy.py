# Function annotations: evaluated at def time up to 3.13; from 3.14 (PEP 649) by a function
# __annotate__ made at def time and called the first time __annotations__ is read.
import gc, sys
gc.disable(); gc.collect()
t = gc.get_count(); t = gc.get_count()
a = gc.get_count()[0]
def f(x): pass
b = gc.get_count()[0]
def g(x: int, *args: str, k: float = 1.0, **kw: bool) -> str: pass
c = gc.get_count()[0]
print(b - a, c - b)
print(g.__annotate__.__name__, g.__annotate__.__qualname__, f.__annotate__)
print(g.__annotations__)
print(g.__annotations__ is g.__annotations__, f.__annotations__)
def outer():
    T = list
    def inner(x: T) -> T: pass
    return inner
print(outer().__annotations__)
print(sys.getrefcount(g.__annotate__))
def h(a: undefined_name): pass
try:
    h.__annotations__
except NameError as e:
    print("NameError", e)
try:
    g.__annotate__(3)
except NotImplementedError:
    print("NotImplementedError")
print(g.__annotate__(2) == g.__annotations__)
