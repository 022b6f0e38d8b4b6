# gc.get_referents and gc.get_referrers.
import gc
a = [1, "two"]
b = {"key": a}
c = (a, a)
print(len(gc.get_referents(a)), sorted(type(x).__name__ for x in gc.get_referents(b)))
refs = gc.get_referrers(a)
print("b refers to a:", any(r is b for r in refs), "| c refers to a:", any(r is c for r in refs))
print("referents of an int:", gc.get_referents(5))
