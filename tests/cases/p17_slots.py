# __slots__ instances: no __dict__, attributes in slots, released in declaration order.
import gc
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y): self.x = x; self.y = y
p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"))
p.x = 10
print(p.x)
class Item:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
q = P(Item("first slot"), Item("second slot"))
del q
print("slots instance is tracked:", gc.is_tracked(P(1, 2)))
class Node:
    __slots__ = ("next",)
a = Node(); b = Node(); a.next = b; b.next = a
del a, b
gc.disable()
print("slots cycle collected:", gc.collect())
