import sys
class Obj:
    pass
o = Obj()
print(sys.getrefcount(o))
a = o
print(sys.getrefcount(o))
lst = [o, o, o]
print(sys.getrefcount(o))
d = {'x': o}
print(sys.getrefcount(o))
del lst
print(sys.getrefcount(o))
def f(arg):
    return sys.getrefcount(arg)
print(f(o))
t = (o,)
print(sys.getrefcount(o), sys.getrefcount(t))
del a, d, t
print(sys.getrefcount(o))
x = []
print(sys.getrefcount(x))
y = [x] * 10
print(sys.getrefcount(x))
s = 'some unique string ' + str(len(y))
print(sys.getrefcount(s))
m = Obj()
m.attr = m
print(sys.getrefcount(m))
g = (o for _ in range(2))
print(sys.getrefcount(o))
