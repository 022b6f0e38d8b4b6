def g():
    return h()
g()
