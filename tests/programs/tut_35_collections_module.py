# collections: deque, namedtuple, defaultdict, Counter, OrderedDict
from collections import deque, namedtuple, defaultdict, Counter, OrderedDict

d = deque('ghi')
d.append('j')
d.appendleft('f')
print(d, d.pop(), d.popleft(), list(d))
d.extendleft('abc')
d.rotate(1)
print(d, d[0], d[-1])
last3 = deque(maxlen=3)
for i in range(6):
    last3.append(i)
print(last3)

Point = namedtuple('Point', ['x', 'y'])
p = Point(11, y=22)
print(p, p[0] + p[1], p.x, p._asdict(), p._replace(x=100), Point._fields)
x, y = p
print(x, y, Point._make([1, 2]))

s = [('yellow', 1), ('blue', 2), ('yellow', 3), ('blue', 4), ('red', 1)]
dd = defaultdict(list)
for k, v in s:
    dd[k].append(v)
print(sorted(dd.items()))
counts = defaultdict(int)
for ch in 'mississippi':
    counts[ch] += 1
print(dict(counts))

c = Counter('abracadabra')
print(c.most_common(3), c['a'], c['z'])
words = 'the cat and the hat and the bat'.split()
wc = Counter(words)
print(wc)
print(wc + Counter(['cat', 'dog']), sum(wc.values()), sorted(wc.elements())[:5])

od = OrderedDict.fromkeys('abcde')
od.move_to_end('b')
print(''.join(od))
od.move_to_end('b', last=False)
print(''.join(od), od.popitem(), od.popitem(last=False))
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), dict(a=1, b=2) == dict(b=2, a=1))
