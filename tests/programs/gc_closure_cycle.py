# A nested function that refers to itself through its closure cell forms a cycle:
# function -> closure tuple -> cell -> function.
import gc, weakref

def make_counter():
    def step(n):
        return 0 if n == 0 else 1 + step(n - 1)
    return step

gc.disable()
gc.collect()
f = make_counter()
print("step(5) =", f(5))
print("closure cells:", len(f.__closure__))
print("cell holds the function itself:", f.__closure__[0].cell_contents is f)
w = weakref.ref(f)
del f
print("alive after del:", w() is not None)
print("collected:", gc.collect())
print("alive after collect:", w() is not None)

def no_cycle():
    x = [1, 2, 3]
    def get():
        return x
    return get

g = no_cycle()
wg = weakref.ref(g)
del g
print("non-recursive closure freed immediately:", wg() is None)
