# gc.get_referrers: who points at an object (restricted to our own containers).
import gc

class Target:
    pass

t = Target()
holders = [[t], {"key": t}, (t, t)]
box = type("Box", (), {})()
box.item = t

mine = {id(h) for h in holders}
found = gc.get_referrers(t)
kinds = sorted(type(r).__name__ for r in found if id(r) in mine)
print("referrers among holders:", kinds)
print("the instance's attribute dict refers to it:", any(r is vars(box) for r in found) or any(r is box for r in found))
del holders[0][0]
found = gc.get_referrers(t)
print("after removing from the list:", sorted(type(r).__name__ for r in found if id(r) in mine))
