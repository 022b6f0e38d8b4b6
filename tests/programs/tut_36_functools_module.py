# functools: partial, reduce, lru_cache, wraps, total_ordering
from functools import partial, reduce, lru_cache, wraps, total_ordering

basetwo = partial(int, base=2)
basetwo.__doc__ = 'Convert base 2 string to an int.'
print(basetwo('10010'), basetwo.func is int, basetwo.keywords)
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
cube = partial(power, exp=3)
print([square(i) for i in range(5)], [cube(i) for i in range(5)])

print(reduce(lambda x, y: x + y, [1, 2, 3, 4, 5]))
print(reduce(lambda acc, s: acc + len(s), ['a', 'bb', 'ccc'], 0))
print(reduce(max, [3, 9, 2, 7]))

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

print([fib(n) for n in range(16)])
print(fib(100))
print(fib.cache_info())

def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        print(f'calling {func.__name__}{args}')
        return func(*args, **kwargs)
    return wrapper

@logged
def add(a, b):
    """Add two numbers."""
    return a + b

print(add(2, 3), add.__name__, add.__doc__)

@total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __repr__(self):
        return 'v' + '.'.join(map(str, self.parts))

vs = [Version(1, 2), Version(1, 10), Version(1, 3, 1), Version(0, 9)]
print(sorted(vs), Version(2) >= Version(1, 9), Version(1) <= Version(1))
