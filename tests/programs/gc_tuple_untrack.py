# Tuples of atoms are tracked when created and only untracked by a collection
# (on some versions), while tuples holding lists stay tracked.
import gc

gc.disable()
gc.collect()
n = int("7")
atoms = (n, n + 1, "s")
mixed = (n, [])
nested = ((n,), (n, n))
print("before collect: atoms", gc.is_tracked(atoms), "mixed", gc.is_tracked(mixed), "nested", gc.is_tracked(nested))
gc.collect()
print("after collect:  atoms", gc.is_tracked(atoms), "mixed", gc.is_tracked(mixed), "nested", gc.is_tracked(nested))
mixed[1].append(1)
gc.collect()
print("mixed still tracked after collect:", gc.is_tracked(mixed))
print("literal constant tuple:", gc.is_tracked((1, 2, 3)))
print("empty tuple:", gc.is_tracked(()))
