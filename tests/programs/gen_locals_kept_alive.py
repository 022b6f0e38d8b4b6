# A suspended generator keeps its locals alive; finishing it releases them.
# Reading gi_frame.f_locals may itself keep a snapshot of the locals (a dict).
import weakref

class Big:
    pass

refs = []

def producer():
    data = Big()
    refs.append(weakref.ref(data))
    yield 1
    del data
    yield 2
    yield 3

g = producer()
print("before start, frame exists:", g.gi_frame is not None)
next(g)
print("suspended at first yield, local alive:", refs[0]() is not None)
print("locals names:", sorted(g.gi_frame.f_locals))
next(g)
print("after del data inside, local alive:", refs[0]() is not None)
print(list(g))
print("exhausted, frame:", g.gi_frame)
