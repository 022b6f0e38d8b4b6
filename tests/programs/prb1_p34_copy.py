import copy
orig = {'nums': [1, 2, [3, 4]], 'name': 'x', 'tup': (1, [2])}
shallow = copy.copy(orig)
deep = copy.deepcopy(orig)
orig['nums'][2].append(5)
orig['tup'][1].append(9)
orig['name'] = 'y'
print(shallow)
print(deep)
print(shallow['nums'] is orig['nums'], deep['nums'] is orig['nums'], deep['tup'] is orig['tup'])
t = (1, 2, 3)
print(copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy((1, [2])) == (1, [2]))
a = [1]
b = [a, a]
c = copy.deepcopy(b)
print(c[0] is c[1], c[0] is a)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc is not cyc)
class P:
    def __init__(self, items):
        self.items = items
    def __copy__(self):
        print('custom copy')
        return P(self.items)
    def __deepcopy__(self, memo):
        print('custom deepcopy')
        return P(copy.deepcopy(self.items, memo))
p = P([1, 2])
p2 = copy.copy(p); p3 = copy.deepcopy(p)
print(p2.items is p.items, p3.items is p.items, p3.items)
class Plain:
    pass
q = Plain(); q.data = [1]
q2 = copy.copy(q); q3 = copy.deepcopy(q)
print(q2.data is q.data, q3.data is q.data, q3.data)
print(list(orig) == list(deep), orig['nums'][:] is orig['nums'])
