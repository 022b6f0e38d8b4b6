class BST:
    class _Node:
        __slots__ = ('key', 'left', 'right')
        def __init__(self, key):
            self.key, self.left, self.right = key, None, None
    def __init__(self):
        self.root = None; self.size = 0
    def insert(self, key):
        if self.root is None:
            self.root = self._Node(key); self.size += 1; return
        n = self.root
        while True:
            if key == n.key: return
            side = 'left' if key < n.key else 'right'
            child = getattr(n, side)
            if child is None:
                setattr(n, side, self._Node(key)); self.size += 1; return
            n = child
    def inorder(self):
        def walk(n):
            if n:
                yield from walk(n.left); yield n.key; yield from walk(n.right)
        return list(walk(self.root))
    def height(self, n='start'):
        if n == 'start': n = self.root
        return 0 if n is None else 1 + max(self.height(n.left), self.height(n.right))
    def levels(self):
        out, frontier = [], [self.root] if self.root else []
        while frontier:
            out.append([n.key for n in frontier])
            frontier = [c for n in frontier for c in (n.left, n.right) if c]
        return out
t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 30, 65]:
    t.insert(k)
print(t.size, t.inorder(), t.height())
print(t.levels())
