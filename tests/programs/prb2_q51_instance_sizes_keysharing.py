import sys
class P:
    def __init__(self, x, y):
        self.x = x; self.y = y
p1, p2 = P(1, 2), P(3, 4)
print(sys.getsizeof(p1) == sys.getsizeof(p2), sys.getsizeof(p1.__dict__) == sys.getsizeof(p2.__dict__))
s_before = sys.getsizeof(p2.__dict__)
p2.z = 5
print('extra attr grew dict', sys.getsizeof(p2.__dict__) >= s_before)
print(sorted(vars(p2)), list(p1.__dict__))
class Q:
    pass
q = Q()
sizes = []
for name in 'abcdefghij':
    setattr(q, name, len(sizes))
    sizes.append(sys.getsizeof(q.__dict__))
print(len(set(sizes)) >= 1, list(vars(q).items())[:3])
print(sys.getsizeof(()), sys.getsizeof((1,)), sys.getsizeof([]), sys.getsizeof([1]), sys.getsizeof({}), sys.getsizeof(set()))
lst = list(range(100))
full = sys.getsizeof(lst)
del lst[10:]
print('slice-deleted', sys.getsizeof(lst) < full, len(lst))
lst2 = [None] * 100
lst2[50:] = []
print(sys.getsizeof(lst2) <= sys.getsizeof([None] * 100))
g = [1, 2, 3]
before = sys.getsizeof(g)
g.extend(range(10))
print(sys.getsizeof(g) - before, sys.getsizeof(g + g), sys.getsizeof(g * 3))
print(sys.getsizeof(list(x for x in range(13))), sys.getsizeof([x for x in range(13)]), sys.getsizeof(list(range(13))))
print(sys.getsizeof('abc' * 1000) - sys.getsizeof(''), sys.getsizeof(tuple([1] * 7)))
