# gc.get_referrers() skips its own argument tuple
import gc
x = [1]
print(len(gc.get_referrers(x)), [type(r).__name__ for r in gc.get_referrers(x)])
def f():
    y = [2]
    return len(gc.get_referrers(y))
print(f())
