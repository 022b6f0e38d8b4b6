# contextlib.contextmanager: the generator's finally releases the resource on
# normal exit, on an exception, and the exception can be suppressed or not.
from contextlib import contextmanager

pool = []

@contextmanager
def borrowed(name, suppress=False):
    pool.append(name)
    print("acquire", name, "in use:", len(pool))
    try:
        yield name.upper()
    except ZeroDivisionError:
        print("saw ZeroDivisionError")
        if not suppress:
            raise
    finally:
        pool.remove(name)
        print("release", name, "in use:", len(pool))

with borrowed("a") as v:
    print("body got", v)
with borrowed("b", suppress=True):
    1 / 0
print("suppressed, continuing")
try:
    with borrowed("c"):
        with borrowed("d"):
            1 / 0
except ZeroDivisionError:
    print("propagated, pool:", pool)
