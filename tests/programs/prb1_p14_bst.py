class TreeNode:
    def __init__(self, key):
        self.key = key
        self.left = self.right = None
def insert(root, key):
    if root is None:
        return TreeNode(key)
    if key < root.key:
        root.left = insert(root.left, key)
    else:
        root.right = insert(root.right, key)
    return root
def inorder(n):
    return inorder(n.left) + [n.key] + inorder(n.right) if n else []
def height(n):
    return 1 + max(height(n.left), height(n.right)) if n else 0
def preorder(n, depth=0):
    if n:
        print('  ' * depth + str(n.key))
        preorder(n.left, depth + 1)
        preorder(n.right, depth + 1)
root = None
for k in [50, 30, 70, 20, 40, 60, 80, 35]:
    root = insert(root, k)
print(inorder(root), height(root))
preorder(root)
def bfs(root):
    from collections import deque
    q, out = deque([root]), []
    while q:
        n = q.popleft()
        out.append(n.key)
        q.extend(c for c in (n.left, n.right) if c)
    return out
print(bfs(root))
