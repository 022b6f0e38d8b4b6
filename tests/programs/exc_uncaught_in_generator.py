# An exception raised inside a generator propagates to the consumer; the
# generator is then finished, and an uncaught one ends the program (status 1).
def parse(items):
    for it in items:
        print("parsing", it)
        yield int(it)

results = []
g = parse(["1", "2", "x", "4"])
try:
    for v in g:
        results.append(v)
except ValueError as e:
    print("stopped:", e)
print("results:", results)
print("generator finished:", g.gi_frame is None)
print(list(g))
total = sum(parse(["5", "oops"]))
print("unreachable", total)
