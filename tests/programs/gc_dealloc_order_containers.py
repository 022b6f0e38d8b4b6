# In which order are items finalized when a container dies?
class Item:
    def __init__(self, tag):
        self.tag = tag
    def __del__(self):
        print("  del", self.tag)

print("list:")
x = [Item("L0"), Item("L1"), Item("L2")]
del x
print("tuple:")
x = (Item("T0"), Item("T1"), Item("T2"))
del x
print("dict values:")
x = {"a": Item("D0"), "b": Item("D1"), "c": Item("D2")}
del x
print("instance attributes:")
class Holder:
    pass
h = Holder()
h.p = Item("A0")
h.q = Item("A1")
h.r = Item("A2")
del h
print("list.clear():")
x = [Item("C0"), Item("C1"), Item("C2")]
x.clear()
print("slice deletion del x[:]:")
x = [Item("S0"), Item("S1"), Item("S2")]
del x[:]
print("done")
