"""pymemsim's inspect: the generator and coroutine state helpers of CPython's Lib/inspect.py
(the rest of the module stops as unsupported)."""

import sys
from _pymemsim import unsupported as _unsupported
from _pymemsim import generator_started as _started

_MINOR = sys.version_info[1]

GEN_CREATED = 'GEN_CREATED'
GEN_RUNNING = 'GEN_RUNNING'
GEN_SUSPENDED = 'GEN_SUSPENDED'
GEN_CLOSED = 'GEN_CLOSED'


def getgeneratorstate(generator):
    """Get current state of a generator-iterator."""
    if generator.gi_running:
        return GEN_RUNNING
    if _MINOR >= 11:
        if generator.gi_suspended:
            return GEN_SUSPENDED
        if generator.gi_frame is None:
            return GEN_CLOSED
        return GEN_CREATED
    if generator.gi_frame is None:
        return GEN_CLOSED
    # `gi_frame.f_lasti == -1` before the first resumption.
    if not _started(generator):
        return GEN_CREATED
    return GEN_SUSPENDED


def isgenerator(object):
    """Return true if the object is a generator."""
    return type(object).__name__ == 'generator'


def isgeneratorfunction(obj):
    """Return true if the object is a user-defined generator function."""
    code = getattr(obj, '__code__', None)
    return code is not None and bool(code.co_flags & 0x20)


def isclass(object):
    """Return true if the object is a class."""
    return isinstance(object, type)


def isfunction(object):
    """Return true if the object is a user-defined function."""
    return type(object).__name__ == 'function'


def ismethod(object):
    """Return true if the object is an instance method."""
    return type(object).__name__ == 'method'


def __getattr__(name):
    _unsupported(f"inspect.{name}")
