from collections import namedtuple, Counter
Point = namedtuple('Point', 'x y')
Card = namedtuple('Card', ['rank', 'suit'], defaults=['hearts'])
p = Point(3, 4)
print(p, p.x + p.y, p[0], p._asdict(), p._replace(x=10), Point._fields)
print(Point._make([5, 6]), Card('Q'), Card._field_defaults)
x, y = p
print(x, y, p == (3, 4), isinstance(p, tuple), len(p))
try:
    p.x = 9
except AttributeError as e:
    print('AttributeError:', e)
c = Counter('abracadabra')
print(c.most_common(3), c['z'], sorted(c.elements())[:6])
c.update('aaz'); c.subtract({'b': 5})
print(sorted(c.items()))
print(+c == Counter({k: v for k, v in c.items() if v > 0}), sorted((+c).items()))
a = Counter(x=3, y=1); b = Counter(x=1, y=2, w=1)
print(sorted((a + b).items()), sorted((a - b).items()), sorted((a & b).items()), sorted((a | b).items()))
print(sum(a.values()), a.total() if hasattr(a, 'total') else sum(a.values()))
words = 'the cat and the hat and the bat'.split()
print(Counter(words).most_common(2), Counter(len(w) for w in words))
