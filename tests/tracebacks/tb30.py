def f():
    return [y[0] for y in [[1], []]]
print(f())
