# Python ints are arbitrary precision: 30-bit digits, getsizeof grows with magnitude.
import sys

prev = None
for bits in range(0, 200, 10):
    n = 2 ** bits
    size = sys.getsizeof(n)
    if size != prev:
        print(f"2**{bits:<3} -> {size} bytes")
        prev = size
print("0:", sys.getsizeof(0), "negative -1:", sys.getsizeof(-1), "-(2**40):", sys.getsizeof(-(2 ** 40)))
print("bool True:", sys.getsizeof(True), "False:", sys.getsizeof(False))
