import gc, sys
gc.disable()
def outer():
    data = [1, 2, 3]
    def helper():
        return helper, data
    return helper
h = outer()
print(h.__code__.co_freevars, [type(c.cell_contents).__name__ for c in h.__closure__])
print(h()[0] is h)
del h
print('closure self cycle', gc.collect())
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1.__closure__[0].cell_contents)
del c1, c2
print('no cycle', gc.collect())
class Holder:
    def __init__(self):
        self.cb = lambda: self
hd = Holder()
print(hd.cb() is hd)
del hd
print('instance-lambda cycle', gc.collect())
class Meth:
    def go(self): return 1
m = Meth()
m.bound = m.go
del m
print('bound method cycle', gc.collect())
gc.enable()
