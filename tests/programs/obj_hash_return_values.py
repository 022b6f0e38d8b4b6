# What __hash__ returns becomes the hash as is when it fits a machine word (-1 becomes -2);
# a larger int is hashed.
class A:
    def __hash__(self): return 2**61
class B:
    def __hash__(self): return -1
class C:
    def __hash__(self): return 2**64
print(hash(A()), hash(B()), hash(C()))
