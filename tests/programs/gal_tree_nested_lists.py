# Trees as nested lists [value, child, child, ...]: size, depth, sum, leaves, paths
tree = ['root',
        ['a',
         ['a1'],
         ['a2', ['a2x'], ['a2y']]],
        ['b'],
        ['c',
         ['c1']]]

def size(t):
    return 1 + sum(size(child) for child in t[1:])

def depth(t):
    return 1 + max((depth(child) for child in t[1:]), default=0)

def leaves(t):
    if len(t) == 1:
        return [t[0]]
    out = []
    for child in t[1:]:
        out.extend(leaves(child))
    return out

def paths(t, prefix=()):
    here = prefix + (t[0],)
    if len(t) == 1:
        yield '/'.join(here)
    for child in t[1:]:
        yield from paths(child, here)

def show(t, level=0):
    print('  ' * level + '- ' + t[0])
    for child in t[1:]:
        show(child, level + 1)

show(tree)
print('size', size(tree), 'depth', depth(tree))
print('leaves', leaves(tree))
for p in paths(tree):
    print(p)

numbers = [1, [2, [4], [5]], [3, [6, [7]]]]
def tree_sum(t):
    return t[0] + sum(tree_sum(c) for c in t[1:])
def double(t):
    return [t[0] * 2] + [double(c) for c in t[1:]]
print(tree_sum(numbers), double(numbers), numbers)

def add_child(t, parent, value):
    if t[0] == parent:
        t.append([value])
        return True
    return any(add_child(c, parent, value) for c in t[1:])
add_child(tree, 'b', 'b1')
add_child(tree, 'a2y', 'deep')
print(leaves(tree), depth(tree))
