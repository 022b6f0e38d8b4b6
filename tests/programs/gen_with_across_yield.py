# A generator suspended inside a `with` block, or in the middle of building a call's
# arguments, keeps that half-done state in its frame until it resumes or is closed.
import gc, sys

class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("open", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("close", self.name, exc_type.__name__ if exc_type else None)
        return False

def reader(name):
    with Resource(name) as r:
        yield r.name + ":1"
        yield r.name + ":2"

def pair(x, y):
    return (x, y)

def collector():
    got = pair("first", (yield "ready"))
    print("built", got)
    total = sum([1, 2, (yield "more")])
    print("total", total)

for line in reader("A"):
    print(line)

g = reader("B")
print(next(g))
g.close()
print("closed B")

g = reader("C")
print(next(g))
del g
print("C released by refcount")

def holder(name, box):
    with Resource(name):
        yield len(box)

box = []
g = holder("D", box)
print(next(g))
box.append(g)
del g, box
print("before collect")
print("collected:", gc.collect())

c = collector()
print(next(c))
print(c.send("second"))
try:
    c.send(3)
except StopIteration:
    print("collector finished")

def nested():
    with Resource("outer"):
        with Resource("inner"):
            yield 1
        yield 2

for v in nested():
    print("value", v)
