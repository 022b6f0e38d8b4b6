# Decorators: call counting, argument tracing, decorators with arguments, stacking
import functools

def count_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)
    wrapper.calls = 0
    return wrapper

def trace(func):
    depth = [0]
    @functools.wraps(func)
    def wrapper(*args):
        print('|  ' * depth[0] + f'{func.__name__}{args}')
        depth[0] += 1
        result = func(*args)
        depth[0] -= 1
        print('|  ' * depth[0] + f'-> {result}')
        return result
    return wrapper

@trace
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

fib(4)

@count_calls
def greet(name, punct='!'):
    return f'Hello, {name}{punct}'

print(greet('Ann'), greet('Bo', punct='?'), greet.calls, greet.__name__)

def repeat(times):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return [func(*args, **kwargs) for _ in range(times)]
        return wrapper
    return decorator

@repeat(3)
def roll(sides):
    return sides

print(roll(6))

def bold(f):
    return lambda *a: '<b>' + f(*a) + '</b>'

def italic(f):
    return lambda *a: '<i>' + f(*a) + '</i>'

@bold
@italic
def label(text):
    return text

print(label('hi'))

registry = {}
def register(name):
    def deco(func):
        registry[name] = func
        return func
    return deco

@register('double')
def _d(x):
    return 2 * x

@register('negate')
def _n(x):
    return -x

print({name: f(21) for name, f in registry.items()})
