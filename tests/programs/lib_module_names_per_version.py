# What a version's standard modules have (itertools.pairwise from 3.10, math.lcm from 3.9...), and
# the messages for an empty __slots__ entry.
import itertools, math, functools, operator, collections, gc, random, weakref, copy, bisect, string
print(hasattr(itertools, "pairwise"), hasattr(math, "lcm"), hasattr(math, "cbrt"), hasattr(functools, "cache"))
print(hasattr(gc, "is_finalized"), hasattr(bisect, "insort"), hasattr(itertools, "accumulate"))
class S:
    __slots__ = ("x",)
s = S()
try: s.x
except AttributeError as e: print(e)
try: del s.x
except AttributeError as e: print(e)
