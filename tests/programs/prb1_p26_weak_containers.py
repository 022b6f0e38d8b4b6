import weakref, gc
class Key:
    def __init__(self, k):
        self.k = k
    def __repr__(self):
        return f'Key({self.k})'
cache = weakref.WeakValueDictionary()
a, b = Key(1), Key(2)
cache['a'] = a; cache['b'] = b
print(sorted(cache.keys()), len(cache))
del a
print(sorted(cache.keys()), 'a' in cache, cache.get('a'))
wk = weakref.WeakKeyDictionary()
k1, k2 = Key('x'), Key('y')
wk[k1] = 'meta1'; wk[k2] = 'meta2'
print(len(wk), wk[k1])
del k2
print(len(wk), list(wk.values()))
ws = weakref.WeakSet()
items = [Key(i) for i in range(4)]
for it in items:
    ws.add(it)
print(len(ws))
items.pop(); items.pop()
print(len(ws), sorted(x.k for x in ws))
del items
print(len(ws))
c = Key('cyc'); c.self = c
cache['c'] = c
del c
print('c' in cache)
gc.collect()
print('c' in cache, len(cache))
