# Comprehensions nested in comprehensions, with lambdas and generator expressions inside them
# that close over the enclosing function's variables and the loop variables.
import sys
def grid(n, scale):
    return [[(lambda: scale * (i + j))() for j in range(n)] for i in range(n)]
print(grid(3, 10))
def sums(rows):
    return [[r[k] + sum(j * k for _ in "ab") for j in range(2)] for k, r in enumerate(rows)]
print(sums([[1, 2], [3, 4]]))
def makers(n):
    return [[lambda x, a=a: x + a + b for a in range(2)] for b in range(n)]
fs = makers(2)
print([[f(100) for f in row] for row in fs])
def closure_cells(words):
    getters = [{w: (lambda: w + suffix) for w in words} for suffix in "!?"]
    return [[g() for g in d.values()] for d in getters]
print(closure_cells(["hi", "yo"]))
def counts(data):
    total = 0
    flat = [x for row in data for x in row if x > total]
    return flat, {k: [v for v in range(k)] for k in range(3)}, {x % 3 for x in flat}
print(counts([[1, 2], [3]]))
x = "module"
print([[x + str(i) for i in range(2)] for x in "ab"], x)
print(sys.getrefcount(grid) >= 2)
