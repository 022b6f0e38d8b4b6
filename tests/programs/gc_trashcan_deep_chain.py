# Deleting a deep chain of lists: CPython's trashcan defers the deallocation of containers
# nested too deep, which changes the order in which the objects' finalizers run.
order = []

class D:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        order.append(self.n)

for n in (200, 5000, 9990, 12000):
    x = None
    for i in range(n):
        x = [D(i), x]
    del x
    jumps = [k for k in range(1, len(order)) if order[k] != order[k - 1] + 1][:3]
    print(n, "first finalized:", order[0], "| order jumps at", jumps, "to", [order[j] for j in jumps])
    order.clear()
