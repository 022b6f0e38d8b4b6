# __del__ runs once per object even when the object is resurrected.
import gc
gc.disable(); gc.collect()
graveyard = []
class Phoenix:
    def __init__(self, name): self.name = name
    def __del__(self):
        print("__del__", self.name)
        graveyard.append(self)
p = Phoenix("refcount")
del p
print("resurrected by refcount:", len(graveyard), gc.is_finalized(graveyard[0]) if hasattr(gc, "is_finalized") else "n/a")
graveyard.clear()
print("cleared; __del__ not called again")
q = Phoenix("cycle"); q.self = q
del q
print("collect:", gc.collect(), "saved:", len(graveyard))
graveyard.clear()
print("collect again:", gc.collect())
