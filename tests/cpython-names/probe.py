# Prints the attribute names of CPython's built-in types, one line per type:
#   <type name> <name> <name> ...
# Run by tests/cpython-names/record on every version pymemsim models.
import sys, types, weakref

def gen():
    yield 1

class C:
    def m(self):
        pass

class Seq:
    def __getitem__(self, i):
        raise IndexError

def cellof():
    x = 1
    def f():
        return x
    return f.__closure__[0]

try:
    raise ValueError
except ValueError as e:
    tb = e.__traceback__

objs = [object, type, type(None), type(NotImplemented), type(...), int, bool, float, complex,
        str, bytes, bytearray, list, tuple, dict, set, frozenset, range, slice,
        types.FunctionType, types.BuiltinFunctionType, types.MethodType, type(str.join),
        types.ModuleType, type(cellof()), types.CodeType, types.FrameType, types.GeneratorType,
        types.TracebackType, property, staticmethod, classmethod, super,
        type(types.FunctionType.__code__), type(types.SimpleNamespace), 
        weakref.ref, weakref.ProxyType, weakref.CallableProxyType,
        type(iter([])), type(reversed([])), type(iter(())), type(iter("\u1234")), type(iter("a")),
        type(iter(b"")), type(iter(range(1))), type(iter({})), type(iter({}.values())),
        type(iter({}.items())), type(reversed({}.keys())) if sys.version_info >= (3, 8) else None,
        type(iter(set())), type({}.keys()), type({}.values()), type({}.items()),
        enumerate, zip, map, filter, reversed, type(iter(int, 1)), type(iter(Seq())),
        type(C.__dict__["__weakref__"]) if "__weakref__" in C.__dict__ else None,
        type(int.__dict__["real"]), type(type.__dict__["__dictoffset__"])]
import builtins
for name in dir(builtins):
    v = getattr(builtins, name)
    if isinstance(v, type) and issubclass(v, BaseException):
        objs.append(v)
seen = set()
for t in objs:
    if t is None or t in seen:
        continue
    seen.add(t)
    print(t.__name__, *sorted(dir(t)))
print("builtins", *sorted(set(dir(builtins)) - {"__builtins__"}))
import collections, functools, itertools, operator
for t in (collections.deque, collections.defaultdict, collections.OrderedDict, collections.Counter,
          functools.partial, itertools.count, itertools.cycle, itertools.chain, itertools.islice,
          itertools.zip_longest, itertools.product, itertools.permutations,
          itertools.combinations, itertools.accumulate, itertools.groupby, itertools.repeat,
          itertools.starmap, itertools.takewhile, itertools.dropwhile, itertools.filterfalse,
          itertools.compress, operator.itemgetter, operator.attrgetter, operator.methodcaller):
    print(t.__name__, *sorted(dir(t)))
import copy, gc, math, random, bisect, atexit, time, string
import contextlib, dataclasses, abc, pprint, inspect
for m in (collections, functools, itertools, operator, math, gc, weakref, random, copy, bisect,
          atexit, time, string, contextlib, dataclasses, abc, pprint, inspect):
    print("module:" + m.__name__, *sorted(n for n in dir(m) if not n.startswith("__")))
