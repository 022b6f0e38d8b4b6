# Changing an instance's attributes through its __dict__ (update, item assignment, del, pop,
# clear, popitem, setdefault): attribute reads and the dict agree.
import sys, gc
class P:
    def __init__(self, **kw):
        self.__dict__.update(kw)
p = P(a=1, b=[2])
print(p.a, p.b, vars(p))
vars(p)['c'] = 3
print(p.c, sorted(vars(p)))
d = p.__dict__
del d['a']
print(hasattr(p, 'a'), d)
p.z = 9
print(d, p.z)
q = P()
q.x = 1
dd = q.__dict__
dd.pop('x')
print(vars(q), hasattr(q, 'x'))
r = P(); r.k = 1; r.__dict__.clear(); print(vars(r), hasattr(r, 'k'))
s = P(); s.__dict__.setdefault('m', 5); print(s.m)
t = P(); t.u = 1; t.__dict__.popitem(); print(vars(t))
print(sys.getrefcount(p.b), gc.is_tracked(p.__dict__))
del p, d
gc.collect()
print("ok")
