def f(a, b=2, /, c=3, *args, d, e=5, **kw):
    return (a, b, c, args, d, e, sorted(kw.items()))
print(f(1, d=4))
print(f(1, 20, 30, 40, 50, d=4, z=9, y=8))
def g(pos_only, /, standard, *, kw_only):
    return pos_only + standard * kw_only
print(g(1, 2, kw_only=3), g(1, standard=2, kw_only=3))
try:
    g(pos_only=1, standard=2, kw_only=3)
except TypeError as e:
    print('TypeError:', e)
try:
    f(1)
except TypeError as e:
    print('TypeError:', e)
def h(*args, **kwargs):
    return len(args), kwargs
print(h(*[1, 2], *(3,), **{'x': 1}, y=2))
def defaults(x, acc=[]):
    acc.append(x)
    return acc
print(defaults(1), defaults(2), defaults(3, []))
print(defaults.__defaults__)
def safe(x, acc=None):
    acc = [] if acc is None else acc
    acc.append(x)
    return acc
print(safe(1), safe(2))
print(f.__code__.co_argcount, f.__code__.co_posonlyargcount, f.__code__.co_kwonlyargcount)
kw = {'d': 1, 'e': 2}
print(f(*range(5), **kw))
