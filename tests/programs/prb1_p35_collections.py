from collections import deque, namedtuple, defaultdict, Counter, OrderedDict, ChainMap
d = deque(range(5), maxlen=5)
d.append(5); d.appendleft(-1); d.rotate(2)
print(d, d.maxlen, d[0], d[-1], len(d))
d.extendleft('ab'); print(list(d), d.count('a'))
Point = namedtuple('Point', ['x', 'y'])
p = Point(3, y=4)
print(p, p.x + p.y, p[0], p._asdict(), p._replace(x=9), Point._fields)
x, y = p
print(x, y, isinstance(p, tuple), Point._make([1, 2]))
P3 = namedtuple('P3', 'a b c', defaults=[0])
print(P3(1, 2), repr(P3(1, 2, 3)))
dd = defaultdict(list)
for k, v in [('a', 1), ('b', 2), ('a', 3)]:
    dd[k].append(v)
print(dd, dict(dd), dd['missing'], len(dd))
counts = defaultdict(int)
for ch in 'mississippi':
    counts[ch] += 1
print(sorted(counts.items()))
c = Counter('mississippi')
print(c.most_common(2), c['s'], c['z'], sorted(c.elements())[:5])
c2 = Counter(a=3, b=1) + Counter(a=1, b=2, c=5)
print(c2, c2 - Counter(c=4), c2.total() if hasattr(c2, 'total') else sum(c2.values()))
od = OrderedDict.fromkeys('abcde')
od.move_to_end('b'); od.move_to_end('e', last=False)
print(list(od), od.popitem(), od.popitem(last=False))
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm['a'], cm['b'], len(cm), sorted(cm))
