# Empty and small containers: getsizeof counts only the container itself.
import sys

print("()", sys.getsizeof(()))
print("(1,)", sys.getsizeof((1,)))
print("(1, 2, 3)", sys.getsizeof((1, 2, 3)))
print("[]", sys.getsizeof([]))
print("[1, 2, 3]", sys.getsizeof([1, 2, 3]))
print("{}", sys.getsizeof({}))
print("set()", sys.getsizeof(set()))
print("frozenset()", sys.getsizeof(frozenset()))
print("bytearray()", sys.getsizeof(bytearray()))
print("range(10)", sys.getsizeof(range(10)))
print("slice(1, 2)", sys.getsizeof(slice(1, 2)))
big = "x" * 1000
print("list holding a 1000-char string:", sys.getsizeof([big]), "string:", sys.getsizeof(big))
