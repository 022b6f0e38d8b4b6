# copy.copy vs copy.deepcopy, and pretty printing with pprint
import copy
import pprint

original = {'name': 'config', 'tags': ['a', 'b'], 'nested': {'depth': [1, [2, 3]]}}
shallow = copy.copy(original)
deep = copy.deepcopy(original)
original['tags'].append('c')
original['nested']['depth'][1].append(4)
original['name'] = 'changed'
print(shallow)
print(deep)
print(shallow['tags'] is original['tags'], deep['tags'] is original['tags'])

shared = [0]
pair = [shared, shared]
dup = copy.deepcopy(pair)
dup[0].append(1)
print(dup, dup[0] is dup[1])

class Node:
    def __init__(self, val, kids=None):
        self.val = val
        self.kids = kids or []
    def __repr__(self):
        return f'Node({self.val}, {self.kids})'
tree = Node(1, [Node(2), Node(3, [Node(4)])])
t2 = copy.deepcopy(tree)
t2.kids[1].val = 33
print(tree)
print(t2)

data = [list(range(10)), {'alpha': 1, 'beta': {'gamma': [1, 2, 3] * 5, 'delta': 'x' * 30}},
        ('tuple', 'of', 'strings', 'that', 'is', 'fairly', 'long', 'indeed')]
pprint.pprint(data)
pprint.pprint(data, width=40, depth=2)
print(pprint.pformat({'b': 2, 'a': 1, 'c': [3, 4]}))
pprint.pprint({'z': 1, 'y': 2, 'x': 3}, sort_dicts=False)
