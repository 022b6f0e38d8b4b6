# Where a list's item array comes from: list(), sorted(), extend and += over every kind of
# iterable (sized, hinted, neither), and when removing items gives the array back.
import sys
def g(n):
    for i in range(n):
        yield i
class L:
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
    def __iter__(self): return iter(range(self.n))
class H:
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(range(self.n))
    def __length_hint__(self): return self.n
sz = sys.getsizeof
rows = []
for n in (0, 1, 2, 3, 5, 8, 9, 10, 17, 30):
    src = list(range(n))
    row = [n,
        sz(list(src)), sz(list(tuple(src))), sz(list(x for x in src)), sz(list(g(n))),
        sz(list(map(abs, src))), sz(list(zip(src, src))), sz(list(enumerate(src))),
        sz(list(range(n))), sz(list(iter(src))), sz(list(set(src))), sz(list(dict.fromkeys(src))),
        sz(list({i: i for i in src}.items())), sz(list(str(10**n)[:n] if n else "")), sz(sorted(src)),
        sz(sorted(x for x in src)), sz(list(L(n))), sz(list(H(n))), sz(list(reversed(src))),
        sz(list(filter(None, [1]*n))), sz(list(frozenset(src))), sz(list({}.fromkeys(src).values())),
    ]
    e = [0]; e.extend(x for x in src); row.append(sz(e))
    e = []; e.extend(x for x in src); row.append(sz(e))
    e = []; e.extend(src); row.append(sz(e))
    e = [0]; e.extend(src); row.append(sz(e))
    e = []; e += src; row.append(sz(e))
    e = [0, 1]; e.extend(range(n)); row.append(sz(e))
    print(*row)

l=[1]; l.pop(); print(sys.getsizeof(l), end=" ")
l=[1,2]; l.pop(0); l.pop(0); print(sys.getsizeof(l), end=" ")
l=[1]; del l[0]; print(sys.getsizeof(l), end=" ")
l=[1]; l.remove(1); print(sys.getsizeof(l), end=" ")
l=[1]; l[0:1] = []; print(sys.getsizeof(l), end=" ")
l=[0]*8; l[2:] = []; print(sys.getsizeof(l), end=" ")
l=[0]*8; l.pop(); l.pop(); l.pop(); l.pop(); l.pop(); print(sys.getsizeof(l))
l=[0]*8; del l[:]; print(sys.getsizeof(l), end=" ")
l=[0]*8; l[:] = []; print(sys.getsizeof(l), end=" ")
l=[1]; l.remove(1); print(sys.getsizeof(l), end=" ")
l=[1,2]; l.pop(); l.pop(); print(sys.getsizeof(l), end=" ")
l=[1,2,3]; del l[0:3]; print(sys.getsizeof(l), end=" ")
l=[1,2,3]; l *= 0; print(sys.getsizeof(l), end=" ")
l=[1,2,3]; del l[0]; del l[0]; del l[0]; print(sys.getsizeof(l), end=" ")
l=[1,2,3]; l.clear(); print(sys.getsizeof(l))
l = [0] * 40
l[1:] = []
print(sys.getsizeof(l))
l = [0] * 20
del l[1:]
print(sys.getsizeof(l))
l = [0]*20
while len(l) > 1: l.pop()
print(sys.getsizeof(l))
