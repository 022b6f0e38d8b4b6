# throw() into an unstarted generator raises at once, without running the body;
# throw() into a suspended one runs its finally on the way out.
def body():
    print("body started")
    try:
        yield 1
    finally:
        print("finally")

g = body()
try:
    g.throw(IndexError("early"))
except IndexError as e:
    print("unstarted ->", repr(e))
print("frame after failed throw:", g.gi_frame)

g = body()
next(g)
try:
    g.throw(IndexError("late"))
except IndexError as e:
    print("suspended ->", repr(e))
