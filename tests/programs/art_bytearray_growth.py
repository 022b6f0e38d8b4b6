# bytearray over-allocates like a list; bytes objects are exact.
import sys

ba = bytearray()
last = sys.getsizeof(ba)
print("empty bytearray:", last)
for i in range(100):
    ba.append(i)
    size = sys.getsizeof(ba)
    if size != last:
        print(f"len {len(ba):3} -> {size}")
        last = size
for n in (0, 1, 10, 100):
    print("bytes of", n, "->", sys.getsizeof(bytes(n)))
