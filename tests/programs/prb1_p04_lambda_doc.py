def make_incrementor(n):
    return lambda x: x + n
f = make_incrementor(42)
print(f(0), f(1))
pairs = [(1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')]
pairs.sort(key=lambda pair: pair[1])
print(pairs)
def my_function():
    """Do nothing, but document it.

    No, really, it doesn't do anything.
    """
    pass
print(my_function.__doc__)
def annotated(ham: str, eggs: str = 'eggs') -> str:
    print("Annotations:", annotated.__annotations__)
    print("Arguments:", ham, eggs)
    return ham + ' and ' + eggs
print(annotated('spam'))
print(my_function.__name__, (lambda: 0).__name__)
print(list(map(lambda x: x * x, range(5))), list(filter(lambda x: x % 2, range(10))))
compose = lambda f, g: lambda x: f(g(x))
print(compose(str, abs)(-5) + '!')
