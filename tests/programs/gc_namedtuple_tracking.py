# Instances of a namedtuple stay tracked by the collector (only exact tuples are untracked),
# refer to their class, and a namedtuple in a cycle is collected with it.
import gc, sys
from collections import namedtuple
P = namedtuple("P", "a b")
p = P(1, 2)
t = (1, 2 + len([]))
gc.collect()
print(gc.is_tracked(p), gc.is_tracked(t), sys.getrefcount(P) > 2)
class Node(namedtuple("Node", "value children")):
    __slots__ = ()
root = Node(1, [])
root.children.append(root)
del root
print(gc.collect())
print(gc.get_referents(P(3, 4))[0] is P)
