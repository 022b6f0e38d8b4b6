# Lambda expressions, documentation strings and function annotations
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
print(my_function.__name__, my_function() is None)

def f(ham: str, eggs: str = 'eggs') -> str:
    print("Annotations:", f.__annotations__)
    print("Arguments:", ham, eggs)
    return ham + ' and ' + eggs

print(f('spam'))
square = lambda x: x * x
print(square.__name__, list(map(square, range(6))))
print(sorted(['banana', 'Apple', 'cherry'], key=str.lower))
print(list(filter(lambda s: len(s) > 5, ['tiny', 'enormous', 'medium', 'big'])))
print((lambda *a, **k: (a, sorted(k.items())))(1, 2, z=3, y=4))
