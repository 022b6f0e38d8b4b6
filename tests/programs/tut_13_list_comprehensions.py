# List comprehensions, including nested ones
squares = []
for x in range(10):
    squares.append(x**2)
print(squares)
squares = list(map(lambda x: x**2, range(10)))
print(squares)
squares = [x**2 for x in range(10)]
print(squares)
print([(x, y) for x in [1,2,3] for y in [3,1,4] if x != y])
vec = [-4, -2, 0, 2, 4]
print([x*2 for x in vec])
print([x for x in vec if x >= 0])
print([abs(x) for x in vec])
freshfruit = ['  banana', '  loganberry ', 'passion fruit  ']
print([weapon.strip() for weapon in freshfruit])
print([(x, x**2) for x in range(6)])
vec = [[1,2,3], [4,5,6], [7,8,9]]
print([num for elem in vec for num in elem])
from math import pi
print([str(round(pi, i)) for i in range(1, 6)])
matrix = [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11, 12],
]
print([[row[i] for row in matrix] for i in range(4)])
transposed = []
for i in range(4):
    transposed.append([row[i] for row in matrix])
print(transposed)
print(list(zip(*matrix)))
print({x: x ** 3 for x in range(5)})
print(sorted({c for c in 'abracadabra' if c not in 'abc'}))
