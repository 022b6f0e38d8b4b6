# Generators and generator expressions
def reverse(data):
    for index in range(len(data)-1, -1, -1):
        yield data[index]

for char in reverse('golf'):
    print(char)

g = reverse([1, 2])
print(next(g), next(g), next(g, 'done'))

print(sum(i*i for i in range(10)))
xvec = [10, 20, 30]
yvec = [7, 5, 3]
print(sum(x*y for x, y in zip(xvec, yvec)))
data = 'golf'
print(list(data[i] for i in range(len(data)-1, -1, -1)))
page = ["the quick brown fox", "jumps over the lazy dog", "the end"]
unique_words = set(word for line in page for word in line.split())
print(sorted(unique_words))
print(max((len(w), w) for w in unique_words))

def squares_up_to(limit):
    n = 0
    while n * n <= limit:
        yield n * n
        n += 1

print(list(squares_up_to(50)))
gen = (x for x in range(3))
print(type(gen).__name__, list(gen), list(gen))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

f = fib()
print([next(f) for _ in range(12)])
print(any(x > 100 for x in fib()), all(x < 5 for x in [1, 2, 3]))
