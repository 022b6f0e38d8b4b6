matrix = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
print([[row[i] for row in matrix] for i in range(4)])
print([x for row in matrix for x in row if x % 2 == 0])
print({x % 5 for row in matrix for x in row})
print({r[0]: sum(r) for r in matrix})
print([(x, y) for x in range(3) for y in range(3) if x != y])
flat = [n * m for n in range(1, 4) for m in range(n)]
print(flat)
words = ['apple', 'Banana', 'cherry', 'date']
print({w.lower(): len(w) for w in words if 'a' in w.lower()})
print([[c for c in w if c in 'aeiou'] for w in words])
squares = (i * i for i in range(10))
print(sum(squares), sum(squares))
print(list(zip(*matrix)))
pyth = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a*a + b*b == c*c]
print(pyth)
x = 'outer'
r = [x for x in 'ab']
print(x, r)
print(max((len(w), w) for w in words), any(w.startswith('c') for w in words), all(words))
