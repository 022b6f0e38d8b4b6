import gc
class Res:
    def __init__(self, name):
        self.name = name
        print('open', name)
    def __del__(self):
        print('close', self.name)
r = Res('a')
r = None
print('after rebind')
def scope():
    x = Res('b')
    print('in scope')
scope()
print('after scope')
lst = [Res('c'), Res('d')]
del lst
print('after del list')
p = Res('p'); q = Res('q')
p.peer = q; q.peer = p
del p, q
print('cycle made')
n = gc.collect()
print('gc returned', n)
saved = []
class Phoenix:
    def __del__(self):
        print('resurrecting')
        saved.append(self)
ph = Phoenix()
del ph
print(len(saved))
saved.clear()
print('cleared, second del not called again:', len(saved))
x = Res('e')
x = Res('f')
print('end')
