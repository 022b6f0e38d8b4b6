# Freeing a deep structure frees everything below it, depth first.
class V:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
tree = [V(1), [V(2), [V(3), V(4)], V(5)], (V(6), {"k": V(7)})]
print("built")
tree = None
print("gone")
