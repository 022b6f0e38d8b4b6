# Names in a class body: the class namespace first (LOAD_NAME), then globals and builtins; not
# for functions it calls, nor inside its comprehensions (whose first iterable is evaluated in
# the class body).
n = 1
k = 10
def f(x):
    return n + x
class C:
    n = 3
    m = n + 1
    names = [n, k]
    via_function = f(0)
    doubled = [n * 2 for _ in range(2)]
    firsts = [i for i in range(n)]
    def method(self):
        return n
    total = m + k
print(C.n, C.m, C.names, C.via_function, C.doubled, C.firsts, C().method(), C.total)
