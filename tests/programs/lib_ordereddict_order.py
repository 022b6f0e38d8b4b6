# OrderedDict: fromkeys keeps the class, equality between two OrderedDicts depends on order,
# move_to_end and popitem(last=False) reorder, dict | OrderedDict gives an OrderedDict.
from collections import OrderedDict as OD, defaultdict, Counter
print(type(OD.fromkeys("ab")).__name__, OD.fromkeys("ab", 0))
print(OD(a=1, b=2) == OD(b=2, a=1), OD(a=1, b=2) == dict(b=2, a=1), OD(a=1) != OD(a=1))
d = OD.fromkeys("abc")
d.move_to_end("a"); print(list(d))
d.move_to_end("c", last=False); print(list(d))
print(d.popitem(), d.popitem(last=False), d)
print(type(Counter.fromkeys) if False else "", type(defaultdict.fromkeys("ab")).__name__, type(dict.fromkeys("a")).__name__)
print(repr(OD()), repr(OD(x=1)))
print(type({"b": 2} | OD(a=1)).__name__ if hasattr(dict, "__or__") else "OrderedDict")
x, y = OD(), OD()
for k in (1000, 2000):
    x[k] = k
for k in (1000, 2000):
    y[int(str(k))] = k
print(x == y, list(reversed(x)))
