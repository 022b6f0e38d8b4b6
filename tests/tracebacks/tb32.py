# A local deleted before it is bound.
def f():
    del x
    x = 1


f()
