# Comprehension variables do not leak; dict and set comprehensions.
x = "outer"
squares = [x * x for x in range(5)]
print(squares, x)
pairs = {k: v for k, v in [("a", 1), ("b", 2)]}
print(pairs)
evens = [n for n in range(20) if n % 2 == 0 if n % 3 == 0]
print(evens)
grid = [[i * j for j in range(3)] for i in range(3)]
print(grid)
print(sum(len(row) for row in [grid[0]]) if False else sum([len(r) for r in grid]))
