# In which order a comprehension releases its variables' last values, and where they live: a
# comprehension's iteration variables are in its own scope (never in globals()), released after
# the iterator from 3.11 on, and from 3.12 on (inlined comprehensions) in the order that the
# compiler's stores leave them (reversed, unless the result goes straight into a local).
class E:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n, end="; ")


def L(n):
    return [E(n)]


print("single:", end=" ")
r = [e.n for e in [E(1), E(2)]]
print(r)
print("tuple target:", end=" ")
r = [0 for a, b in [(E(1), E(2))]]
print()
print("nested:", end=" ")
r = [0 for a in L(1) for b in L(2)]
print()
print("three:", end=" ")
r = [0 for a in L(1) for b in L(2) for c in L(3)]
print()
print("expression statement:", end=" ")
[0 for a in L(1) for b in L(2)]
print()
print("argument:", end=" ")
print(len([0 for a in L(1) for b in L(2)]))


def stored():
    r = [0 for a in L(1) for b in L(2)]
    print("|", end=" ")


def stored3():
    r = [0 for a in L(1) for b in L(2) for c in L(3)]
    print("|", end=" ")


def returned():
    return [0 for a in L(1) for b in L(2)]


def statement():
    [0 for a in L(1) for b in L(2)]
    print("|", end=" ")


def into_global():
    global g
    g = [0 for a in L(1) for b in L(2)]
    print("|", end=" ")


def same_name():
    b = [0 for a in L(1) for b in L(2)]
    print("|", end=" ")


for f in (stored, stored3, returned, statement, into_global, same_name):
    print(f.__name__ + ":", end=" ")
    f()
    print()

i = "outer"
print([globals().get("i") for i in range(3)], i)
print(sorted(n for n in globals() if len(n) == 1))
print({v: v * 2 for v in range(3)}, "v" in globals())
