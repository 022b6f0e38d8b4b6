# contextlib: @contextmanager (a generator driven by __enter__/__exit__), its errors,
# suppress, closing, nullcontext, and a context manager used as a decorator.
from contextlib import contextmanager, suppress, closing, nullcontext
import gc, sys

@contextmanager
def tag(name):
    print("<%s>" % name)
    yield name
    print("</%s>" % name)

with tag("h1") as t:
    print("inside", t)

cm = tag("p")
print(type(cm).__name__, cm.__doc__)

@contextmanager
def bad():
    yield 1
    yield 2
try:
    with bad():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

@contextmanager
def noyield():
    if False:
        yield
try:
    with noyield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

with suppress(KeyError, IndexError):
    {}["x"]
print("suppressed")

class Res:
    def close(self): print("closed")
with closing(Res()) as r:
    print("using", type(r).__name__)

with nullcontext(5) as n:
    print("null", n)

@tag("deco")
def f():
    print("in f")
f()

@contextmanager
def swallow():
    try:
        yield
    except ValueError as e:
        print("swallowed", e)
with swallow():
    raise ValueError("v")
print("after")

@contextmanager
def stopper():
    yield
try:
    with stopper():
        raise StopIteration("s")
except StopIteration as e:
    print("StopIteration passes through:", e)
print(gc.is_tracked(cm), sys.getrefcount(cm))
