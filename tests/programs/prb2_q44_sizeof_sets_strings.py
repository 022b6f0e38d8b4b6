import sys
s = set()
prev = sys.getsizeof(s); print('empty set', prev)
for i in range(50):
    s.add(i)
    cur = sys.getsizeof(s)
    if cur != prev:
        print('set len', len(s), cur); prev = cur
print('frozenset', sys.getsizeof(frozenset()), sys.getsizeof(frozenset(range(10))))
for txt in ['', 'a', 'abc', 'é', 'éé', '€', '😀', 'a' * 50]:
    print(repr(txt)[:8], sys.getsizeof(txt))
print(sys.getsizeof(b''), sys.getsizeof(b'abc'), sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b'abc')))
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2**30), sys.getsizeof(2**60), sys.getsizeof(2**90), sys.getsizeof(-1))
print(sys.getsizeof(1.0), sys.getsizeof(1j), sys.getsizeof(True), sys.getsizeof(None))
print(sys.getsizeof(range(10)), sys.getsizeof(range(10**9)), sys.getsizeof(slice(1, 2)))
d = dict.fromkeys(range(100)); sz = sys.getsizeof(d)
for k in range(95): del d[k]
print(sz == sys.getsizeof(d), sys.getsizeof(dict(d)) < sz, sys.getsizeof({**d}) < sz)
