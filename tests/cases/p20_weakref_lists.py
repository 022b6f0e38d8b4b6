# Weak reference lists: the basic ref is shared and heads the list, refs with callbacks follow
# it; callbacks run newest first; getweakrefcount/getweakrefs read the list in order.
import weakref, gc
class C:
    pass
log = []
c = C()
r1 = weakref.ref(c, lambda r: log.append("cb1"))
r0 = weakref.ref(c)
r2 = weakref.ref(c, lambda r: log.append("cb2"))
r3 = weakref.ref(c)
print(r0 is r3, weakref.getweakrefcount(c))
del c
print(log, r0(), r1(), r2())
d = C()
a1 = weakref.ref(d, lambda r: log.append("a1"))
a2 = weakref.ref(d, lambda r: log.append("a2"))
d.self = d
del d
gc.collect()
print(log)
e = C()
w1 = weakref.ref(e)
w2 = weakref.ref(e, print)
print(weakref.getweakrefcount(e), weakref.getweakrefs(e) == [w1, w2], weakref.getweakrefcount(1))
