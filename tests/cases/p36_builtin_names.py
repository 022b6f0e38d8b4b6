# Builtins found by compiled name loads: shadowed by a global and uncovered again, shadowed by
# a comprehension variable and a parameter, and by a key put into globals() directly.
print(len([1]))
len = lambda x: 42
print(len([1]))
del len
print(len([1, 2]))


def f():
    return len([1, 2, 3])


print(f())
len = abs
print(f.__name__, len(-4))
del len
print(f())
print([float(x) for x in range(2)])
print([len for len in range(3)], len("abc"))


def g(float):
    return float


print(g(5), float(3))
globals()["abs"] = "shadow"
print(abs)
del globals()["abs"]
print(abs(-3))
