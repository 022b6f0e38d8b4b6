"""pymemsim's abc: abstract base classes as Lib/_py_abc.py writes them (CPython's own are in C,
_abc): ABCMeta collects the abstract methods into __abstractmethods__, keeps a registry of
virtual subclasses, and a class with abstract methods cannot be instantiated."""

import sys

_MINOR = sys.version_info[1]


def abstractmethod(funcobj):
    """A decorator indicating abstract methods."""
    funcobj.__isabstractmethod__ = True
    return funcobj


class ABCMeta(type):
    """Metaclass for defining Abstract Base Classes (ABCs)."""

    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        abstracts = {name
                     for name, value in namespace.items()
                     if getattr(value, "__isabstractmethod__", False)}
        for base in bases:
            for name in getattr(base, "__abstractmethods__", set()):
                value = getattr(cls, name, None)
                if getattr(value, "__isabstractmethod__", False):
                    abstracts.add(name)
        cls.__abstractmethods__ = frozenset(abstracts)
        cls._abc_registry = []
        return cls

    def __call__(cls, *args, **kwargs):
        # object_new refuses a class whose __abstractmethods__ is not empty.
        if cls.__abstractmethods__:
            names = sorted(cls.__abstractmethods__)
            many = len(names) > 1
            if _MINOR >= 12:
                joined = ", ".join(f"'{n}'" for n in names)
                raise TypeError(f"Can't instantiate abstract class {cls.__name__} without "
                                f"an implementation for abstract method{'s' if many else ''} "
                                f"{joined}")
            word = "methods" if many or _MINOR < 9 else "method"
            raise TypeError(f"Can't instantiate abstract class {cls.__name__} with "
                            f"abstract {word} {', '.join(names)}")
        return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        """Register a virtual subclass of an ABC."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        if issubclass(subclass, cls):
            return subclass
        if issubclass(cls, subclass):
            raise RuntimeError("Refusing to create an inheritance cycle")
        cls._abc_registry.append(subclass)
        return subclass

    def __instancecheck__(cls, instance):
        """Override for isinstance(instance, cls)."""
        return cls.__subclasscheck__(type(instance))

    def __subclasscheck__(cls, subclass):
        """Override for issubclass(subclass, cls)."""
        if not isinstance(subclass, type):
            raise TypeError('issubclass() arg 1 must be a class')
        if cls in subclass.__mro__:
            return True
        for rcls in cls._abc_registry:
            if issubclass(subclass, rcls):
                return True
        return False


class ABC(metaclass=ABCMeta):
    """Helper class that provides a standard way to create an ABC using inheritance."""
    __slots__ = ()
