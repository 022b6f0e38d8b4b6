# Builtins loaded again and again in loops while the module dict changes under them: a global
# of the same name appears, is deleted, is put in through globals(), and other names come and
# go in between (a load that found the name missing must look again after any of these).
out = []
for i in range(6):
    out.append(float(i))
    if i == 1:
        float = str
    if i == 3:
        del float
print(out)


def size(x):
    return len(x)


seen = []
for i in range(5):
    seen.append(size("abc"))
    if i == 0:
        unrelated = 1
    if i == 1:
        globals()["len"] = lambda x: -1
    if i == 2:
        del unrelated
    if i == 3:
        del globals()["len"]
print(seen)
total = 0
for i in range(4):
    total += abs(-i)
    globals()["name%d" % i] = i
print(total, name3, abs(-9))
# The module dict changed through its methods: update, pop, setdefault, item assignment and
# deletion through a variable holding it.
seen = []
for i in range(8):
    seen.append(abs(-1))
    if i == 0:
        globals().update({"abs": lambda x: "updated"})
    if i == 1:
        globals().pop("abs")
    if i == 2:
        globals().setdefault("abs", lambda x: "setdefault")
    if i == 3:
        del globals()["abs"]
    if i == 4:
        g = globals()
        g["abs"] = str
    if i == 5:
        del g["abs"]
    if i == 6:
        g["abs"] = repr
print(seen)
