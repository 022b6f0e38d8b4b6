import sys
lst = []
prev = sys.getsizeof(lst)
print(0, prev)
for i in range(64):
    lst.append(i)
    size = sys.getsizeof(lst)
    if size != prev:
        print(len(lst), size, (size - 56) // 8)
        prev = size
while lst:
    lst.pop()
    size = sys.getsizeof(lst)
    if size != prev:
        print('shrink', len(lst), size)
        prev = size
a = [1, 2, 3]
print(sys.getsizeof(a), sys.getsizeof(list(a)), sys.getsizeof(a[:]), sys.getsizeof([x for x in a]))
b = []
b.extend(range(10))
print(sys.getsizeof(b))
b += [1]
print(sys.getsizeof(b))
c = [0] * 5
c.insert(0, 1)
print(sys.getsizeof(c))
d = list(range(20)); d *= 2
print(sys.getsizeof(d))
e = []
e[:] = range(7)
print(sys.getsizeof(e))
