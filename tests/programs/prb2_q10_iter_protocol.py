class Countdown:
    def __init__(self, start):
        self.start = start
    def __iter__(self):
        return CountdownIter(self.start)
class CountdownIter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
c = Countdown(3)
print(list(c), list(c), sum(c))
it = iter(c)
print(next(it), next(it), next(it), next(it, 'done'))
class Fib:
    def __getitem__(self, i):
        if i >= 8:
            raise IndexError
        a, b = 0, 1
        for _ in range(i):
            a, b = b, a + b
        return a
print(list(Fib()), 5 in Fib(), 4 in Fib())
s = 'ab'
i1 = iter(s)
print(next(i1), list(i1), list(i1))
r = iter(range(3))
print(type(r).__name__, list(r))
def sentinel_source():
    data = [1, 2, 0, 3]
    return lambda: data.pop(0)
print(list(iter(sentinel_source(), 0)))
m = map(str.upper, 'xyz')
print(next(m), list(m))
