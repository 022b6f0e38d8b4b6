from functools import partial, reduce, lru_cache, wraps, cmp_to_key, total_ordering
import operator
power = lambda base, exp: base ** exp
square = partial(power, exp=2); cube = partial(power, exp=3)
print(square(7), cube(2), square.keywords, square.func is power)
int2 = partial(int, base=2); print(int2('1011'))
print(reduce(operator.mul, range(1, 6)), reduce(lambda a, b: a + [b * 2], [1, 2, 3], []))
print(reduce(max, [3, 9, 2]), reduce(operator.add, ['a'], 'z'))
@lru_cache(maxsize=3)
def slow_sq(n):
    return n * n
for n in [1, 2, 3, 1, 4, 2, 5, 1]:
    slow_sq(n)
print(slow_sq.cache_info())
slow_sq.cache_clear(); print(slow_sq.cache_info())
@lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
def logged(fn):
    @wraps(fn)
    def inner(*a, **k):
        print('calling', fn.__name__, a)
        return fn(*a, **k)
    return inner
@logged
def add(x, y):
    "Add two numbers."
    return x + y
print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__(1, 1))
def by_len_then_rev(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a < b) - (a > b)
print(sorted(['pear', 'fig', 'apple', 'kiwi', 'date'], key=cmp_to_key(by_len_then_rev)))
