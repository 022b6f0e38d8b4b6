# How many objects does one collection free for a richer garbage structure?
import gc

gc.disable()
gc.collect()

def build(depth):
    root = {"children": []}
    node = root
    for i in range(depth):
        child = {"parent": node, "children": [], "data": (i, [i])}
        node["children"].append(child)
        node = child
    return root

for depth in (1, 3, 6):
    tree = build(depth)
    del tree
    print("depth", depth, "->", gc.collect())

a = [[[]]]
a[0][0].append(a)
del a
print("3 nested lists in a loop ->", gc.collect())
