# A generator object has a fixed size; the list it would produce grows with n.
import sys

def squares(n):
    for i in range(n):
        yield i * i

for n in (10, 1000, 100000):
    g = squares(n)
    lst = [i * i for i in range(n)]
    print(n, "generator:", sys.getsizeof(g), "list:", sys.getsizeof(lst))

genexp = (x for x in range(10))
print("generator expression:", sys.getsizeof(genexp))
print("range object:", sys.getsizeof(range(10 ** 6)))
