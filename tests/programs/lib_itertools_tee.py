# itertools.tee: several iterators over one buffer of linked data objects; values are read
# from the source once, by whichever tee gets there first.
import itertools as it, sys, gc
a, b = it.tee([1, 2, 3])
print(list(a), list(b))
x, y, z = it.tee(range(200), 3)
print(next(x), next(x), next(y), sum(z), list(it.islice(x, 3)), len(list(y)))
def gen():
    for i in range(5):
        print("produce", i)
        yield i
p, q = it.tee(gen())
print(next(p), next(p), next(q))
c = p.__copy__()
print(next(c), next(p), list(q))
print(type(p).__name__, it.tee([], 0), len(it.tee("ab", 1)))
print(gc.is_tracked(p))
t1, t2 = it.tee(iter([1, 2]))
t3, t4 = it.tee(t1)
print(t3 is t1, next(t3), next(t4), next(t1), next(t2))
print(sys.getsizeof(t2) > 0)
