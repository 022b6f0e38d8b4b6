# sys.exc_info() reports the exception being handled, and forgets it afterwards.
import sys

def describe():
    t, v, tb = sys.exc_info()
    return (t.__name__ if t else None, str(v) if v else None, tb is not None)

print("before:", describe())
try:
    raise ValueError("first")
except ValueError:
    print("in handler:", describe())
    try:
        raise TypeError("second")
    except TypeError:
        print("nested handler:", describe())
    print("back in outer handler:", describe())
print("after:", describe())

def gen():
    try:
        raise LookupError("in gen")
    except LookupError:
        yield describe()
    yield describe()

print([x for x in gen()])
