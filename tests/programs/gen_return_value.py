# A return value travels in StopIteration.value; the finished generator drops its frame.
import sys, weakref

class Token:
    pass

def compute():
    t = Token()
    yield 1
    return t

g = compute()
next(g)
try:
    next(g)
except StopIteration as stop:
    result = stop.value
print("returned a Token:", type(result).__name__)
print("refcount of result:", sys.getrefcount(result))
w = weakref.ref(result)
del result
print("token freed after del result:", w() is None)

def delegate():
    value = yield from compute()
    print("delegate got", type(value).__name__)

print(list(delegate()))
