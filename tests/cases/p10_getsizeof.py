# sys.getsizeof of common objects.
import sys
print("ints:", sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2**30), sys.getsizeof(2**60), sys.getsizeof(2**90))
print("float:", sys.getsizeof(1.5))
print("str:", sys.getsizeof(""), sys.getsizeof("a"), sys.getsizeof("hello"), sys.getsizeof("é"), sys.getsizeof("€uro"))
print("bytes:", sys.getsizeof(b""), sys.getsizeof(b"abc"))
print("tuple:", sys.getsizeof(()), sys.getsizeof((1,)), sys.getsizeof((1, 2, 3)))
print("list:", sys.getsizeof([]), sys.getsizeof([1]), sys.getsizeof([1, 2]))
print("dict:", sys.getsizeof({}), sys.getsizeof({"a": 1}), sys.getsizeof({1: 1}))
print("set:", sys.getsizeof(set()), sys.getsizeof({1, 2, 3}))
print("None, True:", sys.getsizeof(None), sys.getsizeof(True))
class C: pass
class S:
    __slots__ = ("a", "b")
class E:
    __slots__ = ()
print("instances:", sys.getsizeof(C()), sys.getsizeof(S()), sys.getsizeof(E()))
