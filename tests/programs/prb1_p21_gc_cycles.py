import gc
gc.collect()
class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
a = Node('a'); b = Node('b')
a.other = b; b.other = a
del a, b
print('collected:', gc.collect())
l = []
l.append(l)
del l
print('self-list:', gc.collect())
d = {}
d['self'] = d
del d
print('self-dict:', gc.collect())
print('nothing:', gc.collect())
x = [1, 2]
y = [x]
x.append(y)
print(gc.collect())
del x
print(gc.collect())
del y
print(gc.collect())
class Leaf:
    pass
leaves = [Leaf() for _ in range(5)]
for i in range(5):
    leaves[i].nxt = leaves[(i + 1) % 5]
del leaves
print('ring of 5:', gc.collect())
print(gc.isenabled()); gc.disable(); print(gc.isenabled()); gc.enable(); print(gc.isenabled())
print(len(gc.get_threshold()), gc.get_count()[0] >= 0)
