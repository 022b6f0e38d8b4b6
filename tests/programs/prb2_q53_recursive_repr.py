a = [1, 2]; a.append(a)
print(a, len(repr(a)))
d = {'k': 1}; d['self'] = d
print(d)
b = [a, a]
print(b)
x = []; y = [x]; x.append(y)
print(x, y)
from collections import OrderedDict, deque, defaultdict
od = OrderedDict(a=1); od['me'] = od
print(od)
dq = deque([1]); dq.append(dq)
print(dq)
class Node:
    def __init__(self, v): self.v = v; self.kids = []
    def __repr__(self): return f'Node({self.v}, {self.kids})'
n = Node(1); n.kids.append(Node(2)); n.kids[0].kids.append(Node(3))
print(n, str([n]), repr({'n': n}))
print(str([1, 'a', None, 2.0, (3,), {4}]), repr('quote\'s'), repr("dq\""), repr('both\'"'))
print([str(1), repr('x')], {'a': 'b'}, ('x',), ((),), [[]], frozenset(), set())
print(repr(b'\x00\xffab\n'), repr(bytearray(b'xy')), repr(range(1, 10, 2)), repr(slice(None, 5)))
print(ascii('ä€'), repr('ä\t€'), str(None), repr(Ellipsis), repr(NotImplemented))
dd = defaultdict(list); dd['x'].append(1); print(dd)
