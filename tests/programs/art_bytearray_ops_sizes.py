# bytearray keeps spare capacity: how sys.getsizeof follows append, slicing and clear.
import sys

print(sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b"abc")), sys.getsizeof(bytearray(10)))
b = bytearray(100)
del b[50:]
print("100 -> del [50:]", sys.getsizeof(b))
del b[10:]
print("50 -> del [10:]", sys.getsizeof(b))
b = bytearray(b"x" * 20)
b += b"y" * 30
print("20 += 30", sys.getsizeof(b))
print("* 5", sys.getsizeof(bytearray(b"a") * 5))
