# Matrices as nested lists: add, multiply, transpose, identity, rotate, determinant
def show(name, m):
    print(name)
    for row in m:
        print('  ' + ' '.join(f'{x:4}' for x in row))

def add(a, b):
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]

def multiply(a, b):
    rows, inner, cols = len(a), len(b), len(b[0])
    result = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            for k in range(inner):
                result[i][j] += a[i][k] * b[k][j]
    return result

def transpose(m):
    return [list(col) for col in zip(*m)]

def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]

def rotate_clockwise(m):
    return [list(row) for row in zip(*m[::-1])]

def det(m):
    if len(m) == 1:
        return m[0][0]
    total = 0
    for c in range(len(m)):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * det(minor)
    return total

A = [[1, 2, 3], [4, 5, 6]]
B = [[7, 8], [9, 10], [11, 12]]
show('A', A)
show('B', B)
show('A x B', multiply(A, B))
show('A + A', add(A, A))
show('A^T', transpose(A))
show('rotated A', rotate_clockwise(A))
M = [[2, -3, 1], [2, 0, -1], [1, 4, 5]]
print('det(M) =', det(M), ' det(I4) =', det(identity(4)))
print(multiply(M, identity(3)) == M)
print('diagonal sum:', sum(M[i][i] for i in range(3)), 'row sums:', [sum(r) for r in M],
      'col sums:', [sum(c) for c in zip(*M)])
spiral = []
grid = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
while grid:
    spiral += grid.pop(0)
    grid = [list(r) for r in zip(*grid)][::-1]
print('spiral:', spiral)
