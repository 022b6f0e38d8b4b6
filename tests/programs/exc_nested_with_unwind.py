# Nested with statements: an exception in the inner body runs both __exit__ methods.
class CM:
    def __init__(self, n): self.n = n
    def __enter__(self): print("enter", self.n); return self
    def __exit__(self, t, v, tb): print("exit", self.n, t); return False
    def __call__(self, *a): print("CALLED", a)
try:
    with CM("c"):
        with CM("d"):
            1 / 0
except ZeroDivisionError:
    print("propagated")
