# The weak containers side by side: entries vanish with their referents, by refcount at once,
# by the collector for cycles; the containers never keep anything alive.
import gc, sys, weakref

class Item:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "Item(%r)" % self.name

gc.disable()
a, b, c = Item("a"), Item("b"), Item("c")
before = sys.getrefcount(a)

values = weakref.WeakValueDictionary()
values["a"] = a
values.update({"b": b}, c=c)
print("values:", sorted(values), len(values), "a" in values, "z" in values)
print("get:", values.get("b"), values.get("z", "default"))
print("setdefault:", values.setdefault("a", b), values.setdefault("d", c))
print("refcount unchanged:", sys.getrefcount(a) == before)
print("items:", sorted((k, v.name) for k, v in values.items()))
print("pop:", values.pop("d"), values.pop("d", "gone"))
try:
    values["zz"]
except KeyError as e:
    print("KeyError", e)
snapshot = values.copy()
print("copy:", type(snapshot).__name__, sorted(snapshot))
del snapshot

keys = weakref.WeakKeyDictionary()
keys[a] = 1
keys[b] = 2
keys.update({c: 3})
print("keys:", sorted(k.name for k in keys), len(keys), a in keys, Item("x") in keys)
print("get:", keys.get(b), keys.get(Item("y"), "none"))
print("pop:", keys.pop(c), len(keys))
print("setdefault:", keys.setdefault(c, 30), keys[c])
print("values:", sorted(keys.values()))

live = weakref.WeakSet([a, b])
other = weakref.WeakSet([b, c])
print("set:", len(live), a in live, c in live)
print("union:", sorted(i.name for i in live | other))
print("intersection:", sorted(i.name for i in live & other))
print("difference:", sorted(i.name for i in live - other))
print("subset:", weakref.WeakSet([b]) <= live, live.isdisjoint(other))
live.discard(c)
try:
    live.remove(c)
except KeyError:
    print("remove of a missing item: KeyError")

del b
print("after del b:", sorted(values), sorted(k.name for k in keys), len(live), len(other))

c.me = c
del c
print("after del c (a cycle):", sorted(values), len(keys), len(other))
print("collected:", gc.collect() > 0)
print("after collect:", sorted(values), len(keys), len(other))

class Button:
    def click(self):
        return "click"

btn = Button()
notes = []
wm = weakref.WeakMethod(btn.click, lambda r: notes.append("callback"))
print("alive:", wm()(), wm() == btn.click, wm == weakref.WeakMethod(btn.click))
del btn
print("after del:", wm(), notes)
try:
    weakref.WeakMethod(len)
except TypeError as e:
    print("TypeError:", e)
