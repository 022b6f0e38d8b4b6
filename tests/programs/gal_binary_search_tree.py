# Binary search tree: insert, search, traversals, height, min/max
class TreeNode:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None

def insert(root, key):
    if root is None:
        return TreeNode(key)
    if key < root.key:
        root.left = insert(root.left, key)
    elif key > root.key:
        root.right = insert(root.right, key)
    return root

def contains(root, key):
    while root:
        if key == root.key:
            return True
        root = root.left if key < root.key else root.right
    return False

def inorder(root):
    return inorder(root.left) + [root.key] + inorder(root.right) if root else []

def preorder(root):
    return [root.key] + preorder(root.left) + preorder(root.right) if root else []

def postorder(root):
    return postorder(root.left) + postorder(root.right) + [root.key] if root else []

def height(root):
    return 0 if root is None else 1 + max(height(root.left), height(root.right))

def show(root, indent=0):
    if root:
        show(root.right, indent + 4)
        print(' ' * indent + str(root.key))
        show(root.left, indent + 4)

root = None
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    root = insert(root, k)
print('inorder  ', inorder(root))
print('preorder ', preorder(root))
print('postorder', postorder(root))
print('height', height(root))
print([contains(root, k) for k in (45, 55, 80)])
show(root)

def level_order(root):
    levels, frontier = [], [root]
    while frontier:
        levels.append([n.key for n in frontier])
        frontier = [c for n in frontier for c in (n.left, n.right) if c]
    return levels

print(level_order(root))
