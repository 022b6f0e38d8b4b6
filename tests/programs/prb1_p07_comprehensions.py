squares = [x**2 for x in range(10)]
print(squares)
print([(x, y) for x in [1, 2, 3] for y in [3, 1, 4] if x != y])
vec = [-4, -2, 0, 2, 4]
print([x*2 for x in vec], [x for x in vec if x >= 0], [abs(x) for x in vec])
freshfruit = ['  banana', '  loganberry ', 'passion fruit  ']
print([weapon.strip() for weapon in freshfruit])
print([(x, x**2) for x in range(6)])
vec2 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([num for elem in vec2 for num in elem])
from math import pi
print([str(round(pi, i)) for i in range(1, 6)])
matrix = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
print([[row[i] for row in matrix] for i in range(4)])
print(list(zip(*matrix)))
x = 'outer'
r = [x for x in 'ab']
print(x, r)
print({k: v for k, v in zip('abc', range(3)) if v})
print(sum(i * i for i in range(10)), max((len(w), w) for w in 'the quick brown fox'.split()))
print([[j for j in range(i)] for i in range(4)])
print([y := 10, y ** 2], [z for x in range(3) if (z := x * 3) > 2])
