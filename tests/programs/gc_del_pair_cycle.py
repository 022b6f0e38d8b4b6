# Two objects with __del__ in a cycle (PEP 442): both finalizers run exactly once.
import gc

calls = []

class Part:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        calls.append(self.name)
        print("finalizing", self.name, "partner is", self.other.name)

gc.disable()
gc.collect()
a = Part("left")
b = Part("right")
a.other = b
b.other = a
del a, b
print("before collect, finalizers run:", len(calls))
n = gc.collect()
print("collected:", n)
print("finalizers run:", sorted(calls))
print("gc.garbage:", gc.garbage)
print("collect again:", gc.collect(), "finalizers run:", len(calls))
