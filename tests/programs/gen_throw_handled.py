# throw() raises inside the generator at the yield; it may handle it and yield again.
def resilient():
    errors = 0
    while True:
        try:
            value = yield errors
            print("received", value)
        except KeyError as e:
            errors += 1
            print("handled KeyError", e)

g = resilient()
print("start ->", next(g))
print("send ->", g.send("a"))
print("throw ->", g.throw(KeyError("k1")))
print("throw ->", g.throw(KeyError("k2")))
try:
    g.throw(ValueError("fatal"))
except ValueError as e:
    print("ValueError escaped:", e)
print("generator finished:", g.gi_frame is None)
