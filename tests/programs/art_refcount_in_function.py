# Passing an object to a function: how many references does the call add?
import sys

class Obj:
    pass

def inside(x):
    return sys.getrefcount(x)

def nested(x):
    return inside(x)

def local_only():
    y = Obj()
    return sys.getrefcount(y)

o = Obj()
print("module level:", sys.getrefcount(o))
print("inside a function:", inside(o))
print("two calls deep:", nested(o))
print("fresh local in a function:", local_only())
print("temporary argument:", sys.getrefcount(Obj()))
f = lambda v: sys.getrefcount(v)
print("via lambda:", f(o))
print("via method call:", [o].count(o), sys.getrefcount(o))
