import weakref, gc
class Image:
    loads = 0
    def __init__(self, name):
        Image.loads += 1; self.name = name
    def __repr__(self): return f'<Image {self.name}>'
cache = weakref.WeakValueDictionary()
def load(name):
    img = cache.get(name)
    if img is None:
        img = Image(name); cache[name] = img
    return img
a = load('cat'); b = load('cat'); c = load('dog')
print(a is b, Image.loads, sorted(cache.keys()))
del a, b
print(sorted(cache.keys()), Image.loads)
c2 = load('cat')
print(Image.loads, len(cache))
meta = weakref.WeakKeyDictionary()
meta[c] = 'dog meta'; meta[c2] = 'cat meta'
print(len(meta), meta[c])
del c
print(len(meta), list(meta.values()))
ws = weakref.WeakSet([c2])
x = Image('tmp'); ws.add(x)
print(len(ws))
del x
print(len(ws), c2 in ws)
p = weakref.proxy(c2)
print(p.name, repr(p)[:17] == '<weakproxy at 0x' if False else p.name.upper())
del c2
try:
    p.name
except ReferenceError as e:
    print('ReferenceError:', e)
print(len(cache), len(ws))
