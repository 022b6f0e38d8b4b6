# Freed memory is reused at once: a new float lands where the last one died.
def fresh(x):
    return x * 1.5

a = fresh(2.0)
where = id(a)
del a
b = fresh(4.0)
print("new float reuses the freed slot:", id(b) == where)
c = fresh(8.0)
print("a second live float gets another slot:", id(c) != id(b))
t = tuple([1, 2, 3])
tid = id(t)
del t
u = tuple([4, 5, 6])
print("same-size tuple reuses the slot:", id(u) == tid)
l1 = [1]
lid = id(l1)
del l1
l2 = [2]
print("list object reused:", id(l2) == lid)
