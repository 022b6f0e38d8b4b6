# close() on the outer generator propagates through "yield from" to the inner one:
# the innermost finally runs first.
def inner():
    try:
        yield "inner-1"
        yield "inner-2"
    finally:
        print("inner finally")

def middle():
    try:
        yield from inner()
    finally:
        print("middle finally")

def outer():
    try:
        yield from middle()
    finally:
        print("outer finally")

g = outer()
print(next(g))
print("gi_yieldfrom is a generator:", type(g.gi_yieldfrom).__name__)
g.close()
print("closed")

g = outer()
print(next(g))
del g
print("deleted")
