# Found by the differential tester: bytearray(iterable) grows its buffer item by item
# (lists and tuples are sized at once from 3.11).
import sys
for n in (1,2,5,9,46,100):
    print(n, sys.getsizeof(bytearray(range(n))), sys.getsizeof(bytearray([0]*n)), sys.getsizeof(bytearray(tuple([0]*n))), sys.getsizeof(bytearray(iter([0]*n))), sys.getsizeof(bytearray(x for x in range(n))))
