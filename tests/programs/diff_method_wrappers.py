# staticmethod and classmethod objects: from 3.10 they copy the function's __module__,
# __name__, __qualname__ and __doc__ (and until 3.13 __annotations__, which the function makes
# on first read) into their own __dict__; from 3.15 the implicit ones (__new__,
# __init_subclass__) do too. property.__set_name__ (3.10+) is called with a packed tuple.
import gc, sys
gc.disable()
counts = []

def mark():
    counts.append(gc.get_count()[0])

gc.collect()
gc.get_count()
mark()
class WithStatic:
    @staticmethod
    def make():
        """Makes nothing."""
mark()
class WithClass:
    @classmethod
    def build(cls):
        return cls
mark()
class WithNew:
    def __new__(cls):
        return object.__new__(cls)
mark()
class WithProperty:
    @property
    def size(self):
        return 3
mark()
class WithProperty2:
    @property
    def size(self):
        return 4
mark()
print([b - a for a, b in zip(counts, counts[1:])])
sm = WithStatic.__dict__['make']
cm = WithClass.__dict__['build']
nw = WithNew.__dict__['__new__']
for w in (sm, cm, nw):
    print(type(w).__name__, sorted(w.__dict__), len(gc.get_referents(w)))
print(WithStatic.make.__doc__, cm.__func__.__name__, WithClass.build() is WithClass, WithProperty().size)
square = lambda x: x * x
loose = staticmethod(square)
print(sorted(loose.__dict__), loose.__func__ is square)
