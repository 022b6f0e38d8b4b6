# gc.get_referents: what a container says it points at.
import gc

class Box:
    def __init__(self):
        self.a = [1]
        self.b = "b"

lst = [[], {}, "text", 7]
print("list of 4 ->", len(gc.get_referents(lst)))
dct = {"k1": [], "k2": ()}
print("dict of 2 ->", len(gc.get_referents(dct)))
tup = ([], [], [])
print("tuple of 3 lists ->", len(gc.get_referents(tup)))
refs = gc.get_referents(tup)
print("same order as the tuple:", all(x is y for x, y in zip(refs, tup)))
print("reverse order:", all(x is y for x, y in zip(refs, reversed(tup))))
s = {1, 2, 3}
print("set of 3 ->", len(gc.get_referents(s)))
b = Box()
names = sorted(type(o).__name__ for o in gc.get_referents(b))
print("instance referents types:", names)
print("its __dict__ referents:", len(gc.get_referents(b.__dict__)))
print("int referents:", gc.get_referents(12345))
print("two args at once ->", len(gc.get_referents(lst, tup)))
