# inspect.getgeneratorstate walks a generator through its life.
import inspect

def life():
    print("  running? gi_running =", g.gi_running)
    yield 1
    yield 2

g = life()
print(inspect.getgeneratorstate(g))
next(g)
print(inspect.getgeneratorstate(g), "gi_suspended" in dir(g) and g.gi_suspended)
next(g)
print(inspect.getgeneratorstate(g))
g.close()
print(inspect.getgeneratorstate(g))

h = life()
h.close()
print("closed before start:", inspect.getgeneratorstate(h))
