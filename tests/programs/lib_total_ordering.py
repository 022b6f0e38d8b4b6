# functools.total_ordering: the missing comparisons made from the one a class defines.
from functools import total_ordering
@total_ordering
class V:
    def __init__(self, n): self.n = n
    def __eq__(self, o): return self.n == o.n
    def __lt__(self, o): return self.n < o.n
    def __repr__(self): return f"V({self.n})"
a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, a <= V(1), sorted([V(3), V(1), V(2)]), max(a, b))
print(V.__gt__.__name__, V.__gt__.__doc__)
try:
    @total_ordering
    class N: pass
except ValueError as e:
    print(e)
@total_ordering
class G:
    def __init__(self, n): self.n = n
    def __ge__(self, o): return self.n >= o.n
print(G(1) < G(2), G(2) <= G(2), G(3) > G(1))
