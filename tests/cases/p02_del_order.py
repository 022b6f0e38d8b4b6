# The order in which a container releases its items: lists and tuples last item first,
# dicts in insertion order, instance attributes in insertion order.
class N:
    def __init__(self, name): self.name = name
    def __del__(self): print("del", self.name)
print("list:")
l = [N("a"), N("b"), N("c")]
del l
print("tuple:")
t = (N("a"), N("b"), N("c"))
del t
print("dict:")
d = {"k1": N("a"), "k2": N("b"), "k3": N("c")}
del d
print("attributes:")
class H: pass
h = H(); h.z = N("z"); h.a = N("a"); h.m = N("m")
del h
print("nested: outer before inner")
class Box:
    def __init__(self, name, inner): self.name = name; self.inner = inner
    def __del__(self): print("del box", self.name)
b = Box("outer", Box("middle", Box("inner", None)))
del b
print("done")
