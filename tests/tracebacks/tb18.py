def f():
    return {}["k"]
x = f()
