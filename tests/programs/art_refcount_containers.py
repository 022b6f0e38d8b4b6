# Putting an object in containers: each slot is one more reference.
import sys

class Item:
    pass

it = Item()
def rc():
    return sys.getrefcount(it) - 1

print("start:", rc())
t = (it, it)
print("in a 2-tuple twice:", rc())
s = {it}
print("in a set:", rc())
d = {it: it}
print("as dict key and value:", rc())
lst = [it] * 10
print("in [it] * 10:", rc())
lst2 = lst[:]
print("after copying that list:", rc())
del t, s, d, lst, lst2
print("all containers deleted:", rc())
