# A functools.partial keeps attributes set on it in its own __dict__ (made on first use) and
# is collected with it when it refers to itself.
import functools, gc, sys
gc.collect()
p = functools.partial(int, base=2)
p.__doc__ = "binary"
p.note = [1]
print(p("101"), p.__doc__, p.note, sorted(p.__dict__), gc.is_tracked(p))
q = functools.partial(max, 3)
q.me = q
del q
print(gc.collect())
