import gc
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)
def scope():
    a = Noisy('local-a')
    b = Noisy('local-b')
    print('leaving scope')
scope()
x = Noisy('rebound')
x = Noisy('second')
print('after rebind')
lst = [Noisy('l0'), Noisy('l1'), Noisy('l2')]
del lst
print('after list del')
d = {'p': Noisy('dp'), 'q': Noisy('dq')}
d['p'] = None
print('after dict overwrite')
d.clear()
print('after clear')
gc.disable()
c = Noisy('cyc'); c.self = c
del c
print('cycle unreachable, not yet collected')
print('collected', gc.collect())
t = (Noisy('t0'), Noisy('t1'))
t = None
print('end', x.name)
