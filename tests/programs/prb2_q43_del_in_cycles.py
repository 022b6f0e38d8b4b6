import gc
gc.disable()
order = []
class Part:
    def __init__(self, name): self.name = name
    def __del__(self): order.append(self.name)
a, b, c = Part('a'), Part('b'), Part('c')
a.n, b.n, c.n = b, c, a
del a, b, c
print('uncollected', order)
n = gc.collect()
print('collected', n, sorted(order), len(order), len(gc.garbage))
order.clear()
p = Part('solo')
p.self = p
p.extra = [Part('child1'), Part('child2')]
del p
print(gc.collect(), sorted(order))
order.clear()
class Revive:
    saved = []
    def __del__(self):
        order.append('revive')
        Revive.saved.append(self)
r = Revive(); r.me = r
del r
print(gc.collect(), order, len(Revive.saved))
Revive.saved.clear()
print(gc.collect(), order)
q = Part('plain')
del q
print(order)
gc.enable()
