# bytearray's buffer through its mutations: the capacity sys.getsizeof reports after
# slices, deletions at the front and elsewhere, +=, *=, extend, pop, insert and clear.
import sys
s = sys.getsizeof
b = bytearray(b"x" * 20); b += b"y" * 30; print(s(b), b[:3], b[-2:])
c = bytearray(b"a") * 5; print(s(c), c, 3 * bytearray(b"ab"))
print(bytearray(b'ab') + b'cd', b'ab' + bytearray(b'cd'))
b[1:3] = b'zz'; print(b[:5], s(b))
b[1:3] = b''; print(b[:5], s(b))
b[0:0] = b'123456789' * 3; print(b[:5], s(b))
del b[:10]; print(b[:5], s(b), len(b))
b.append(1); print(s(b))
b += b'q' * 40; print(s(b), len(b))
del b[::2]; print(s(b), len(b))
b[::2] = b'w' * len(b[::2]); print(b[:4], s(b))
try:
    b[::2] = b'w'
except ValueError as e: print(e)
try:
    b[1:2] = 5
except TypeError as e: print(e)
b[1:2] = [65, 66, 67]; print(b[:5], s(b))
b.extend([1, 2, 3]); print(s(b), len(b))
b.extend(x for x in range(100)); print(s(b), len(b))
print(b.pop(), b.pop(0), s(b))
b.insert(0, 7); b.insert(-1, 8); b.remove(7); print(b[:3], s(b))
b.reverse(); print(b[:3]); c = b.copy(); print(s(c), c == b)
b.clear(); print(s(b), b)
d = bytearray(b"abc"); d *= 3; print(d, s(d)); d *= 0; print(d, s(d))
e = bytearray(100); del e[0]; print(s(e)); del e[0:60]; print(s(e), len(e)); e.append(1); print(s(e))
try:
    bytearray().pop()
except IndexError as x: print(x)
try:
    bytearray(b'a').remove(9)
except ValueError as x: print(x)
try:
    bytearray(b'a') + 'x'
except TypeError as x: print(x)
