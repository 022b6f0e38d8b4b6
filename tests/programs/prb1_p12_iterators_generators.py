class Reverse:
    """Iterator for looping over a sequence backwards."""
    def __init__(self, data):
        self.data = data
        self.index = len(data)
    def __iter__(self):
        return self
    def __next__(self):
        if self.index == 0:
            raise StopIteration
        self.index = self.index - 1
        return self.data[self.index]
rev = Reverse('spam')
print(iter(rev) is rev)
for char in rev:
    print(char)
def reverse(data):
    for index in range(len(data)-1, -1, -1):
        yield data[index]
print(list(reverse('golf')))
s = 'abc'
it = iter(s)
print(next(it), next(it), next(it))
try:
    next(it)
except StopIteration:
    print('StopIteration')
xvec = [10, 20, 30]; yvec = [7, 5, 3]
print(sum(x*y for x, y in zip(xvec, yvec)))
data = 'golf'
print(list(data[i] for i in range(len(data)-1, -1, -1)))
def gen():
    x = yield 1
    print('got', x)
    y = yield x * 2
    return y
g = gen()
print(next(g), g.send(5))
try:
    g.send('end')
except StopIteration as e:
    print('returned', e.value)
def chain(*its):
    for i in its:
        yield from i
print(list(chain([1, 2], (3,), 'ab')))
def countdown(n):
    while n > 0:
        yield n
        n -= 1
c = countdown(3)
print(list(c), list(c))
