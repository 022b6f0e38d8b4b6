import sys
lst = []
prev = sys.getsizeof(lst)
print('empty list', prev)
for i in range(40):
    lst.append(i)
    s = sys.getsizeof(lst)
    if s != prev:
        print('len', len(lst), 'size', s)
        prev = s
while lst:
    lst.pop()
    s = sys.getsizeof(lst)
    if s != prev:
        print('shrunk at len', len(lst), 'size', s)
        prev = s
d = {}
prev = sys.getsizeof(d)
print('empty dict', prev)
for i in range(30):
    d[i] = i
    s = sys.getsizeof(d)
    if s != prev:
        print('dict len', len(d), 'size', s); prev = s
for i in range(30):
    del d[i]
print('dict after deletes', sys.getsizeof(d), len(d))
d.clear()
print('dict after clear', sys.getsizeof(d))
print([sys.getsizeof(tuple(range(n))) for n in range(4)])
print([sys.getsizeof('x' * n) for n in (0, 1, 10, 100)])
print(sys.getsizeof([0] * 10), sys.getsizeof([0 for _ in range(10)]), sys.getsizeof(list(range(10))))
