# When a loop's iterator lets go of its sequence: CPython's list, tuple and dict iterators drop
# it as soon as they are exhausted, so the sequence can die before the iterator.
class E:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n, end="; ")


it = iter([E(1), E(2)])
for x in it:
    pass
print("list exhausted")
del x
print("| x gone")
del it
print("| it gone")
t = iter((E(3), E(4)))
for y in t:
    pass
print("tuple exhausted")
del y, t
print()
for k in {E(5): 1}:
    pass
print("dict loop done")
del k
print()
