# Iterators: iter()/next() and a class with __iter__/__next__
for element in [1, 2, 3]:
    print(element, end=' ')
for element in (1, 2, 3):
    print(element, end=' ')
for key in {'one': 1, 'two': 2}:
    print(key, end=' ')
for char in "123":
    print(char, end=' ')
print()

s = 'abc'
it = iter(s)
print(next(it))
print(next(it))
print(next(it))
try:
    next(it)
except StopIteration:
    print('StopIteration')

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
print(list(rev))
print(list(Reverse([1, 2, 3])), ''.join(Reverse('stressed')))
print(next(iter([]), 'default'))

class Countdown:
    def __init__(self, start):
        self.start = start
    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1

c = Countdown(3)
print(list(c), list(c), sum(c))
