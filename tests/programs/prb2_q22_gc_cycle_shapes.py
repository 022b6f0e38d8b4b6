import gc
gc.disable()
gc.collect()
class N:
    pass
a = N(); a.me = a
del a
print('self-ref instance', gc.collect())
l = []; l.append(l)
del l
print('self-ref list', gc.collect())
d = {}; d['self'] = d
del d
print('self-ref dict', gc.collect())
x = N(); y = N(); x.other = y; y.other = x
del x, y
print('two instances', gc.collect())
ring = [N() for _ in range(5)]
for i, n in enumerate(ring):
    n.next = ring[(i + 1) % 5]
del ring, n
print('ring of 5', gc.collect())
def make_rec():
    def rec(n):
        return 0 if n == 0 else rec(n - 1)
    return rec
r = make_rec()
print(r(3))
del r
print('recursive closure', gc.collect())
t = ([],)
t[0].append(t)
del t
print('tuple-list cycle', gc.collect())
print('nothing', gc.collect())
gc.enable()
