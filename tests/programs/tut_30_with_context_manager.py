# The with statement and user-defined context managers
class Tag:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print(f"<{self.name}>")
        return self

    def __exit__(self, exc_type, exc, tb):
        print(f"</{self.name}>")
        return False

with Tag('html'):
    with Tag('body') as b:
        print('  hello from', b.name)

class Suppress:
    def __init__(self, *kinds):
        self.kinds = kinds
        self.caught = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self.kinds):
            self.caught = exc
            return True
        return False

with Suppress(ZeroDivisionError) as s:
    print('about to divide')
    1 / 0
    print('never printed')
print('suppressed:', type(s.caught).__name__)

try:
    with Suppress(KeyError):
        raise ValueError('not suppressed')
except ValueError as e:
    print('escaped:', e)

from contextlib import contextmanager

@contextmanager
def indented(level):
    print('enter', level)
    try:
        yield '  ' * level
    finally:
        print('exit', level)

with indented(1) as pad1, indented(2) as pad2:
    print(pad1 + 'one')
    print(pad2 + 'two')
