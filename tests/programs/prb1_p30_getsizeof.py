import sys
for v in [0, 1, 2**30 - 1, 2**30, 2**60, 2**90, -1, True, False]:
    print('int', v if v < 10**4 else 'big', sys.getsizeof(v))
print('float', sys.getsizeof(1.5), 'complex', sys.getsizeof(1j), 'None', sys.getsizeof(None))
for s in ['', 'a', 'hello', 'x' * 100, 'é', 'ab€', '😀']:
    print('str', len(s), sys.getsizeof(s))
print('bytes', sys.getsizeof(b''), sys.getsizeof(b'abc'), 'bytearray', sys.getsizeof(bytearray(b'abc')))
for t in [(), (1,), (1, 2, 3), tuple(range(10))]:
    print('tuple', len(t), sys.getsizeof(t))
for l in [[], [1], [1, 2, 3], list(range(10))]:
    print('list', len(l), sys.getsizeof(l))
print('list*', sys.getsizeof([0] * 10), sys.getsizeof([None] * 100))
for d in [{}, {'a': 1}, dict.fromkeys(range(5)), dict.fromkeys(range(6)), dict.fromkeys(range(100))]:
    print('dict', len(d), sys.getsizeof(d))
for s in [set(), {1}, set(range(4)), set(range(5)), set(range(100)), frozenset(range(10))]:
    print('set', len(s), sys.getsizeof(s))
print('range', sys.getsizeof(range(10)), 'slice?', type(slice(1)).__name__)
