# Tuples: the empty tuple is a singleton, and constant tuples are shared by the code.
import sys

empty1 = tuple()
empty2 = tuple([])
print("empty tuples are one object:", empty1 is empty2 is ())
def consts():
    return (1, 2, 3)
print("constant tuple returned twice is the same:", consts() is consts())
built1 = tuple([1, 2, 3])
built2 = tuple([1, 2, 3])
print("tuples built at run time are distinct:", built1 is not built2)
print("equal though:", built1 == built2 == consts())
print("tuple(t) returns t itself:", tuple(built1) is built1)
print("list(t) makes a copy:", list(built1) is built1)
print("t[:] is t:", built1[:] is built1)
print("size of (1, 2, 3):", sys.getsizeof(built1))
