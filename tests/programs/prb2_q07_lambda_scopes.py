counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump(); bump()
print(counter)
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]
def make_late():
    return [lambda x: x * i for i in range(4)]
print([m(10) for m in make_multipliers()], [m(10) for m in make_late()])
def outer():
    x = 'enclosing'
    def inner():
        nonlocal x
        x = 'changed by inner'
    inner()
    return x
print(outer())
def broken():
    try:
        print(y)
        y = 1
    except UnboundLocalError as e:
        print(type(e).__name__, e)
broken()
pairs = [(1, 'one'), (3, 'three'), (2, 'two'), (4, 'four')]
pairs.sort(key=lambda p: p[1])
print(pairs)
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5), (lambda *a, **k: (a, k))(1, b=2))
print(sorted(['bb', 'a', 'ccc'], key=lambda s: -len(s)))
print(list(map(lambda x: x ** 2, filter(lambda x: x % 3, range(10)))))
