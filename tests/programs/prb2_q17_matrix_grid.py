def make(r, c, f): return [[f(i, j) for j in range(c)] for i in range(r)]
def mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]
def rotate(m): return [list(r) for r in zip(*m[::-1])]
def show(m):
    for row in m: print(' '.join(f'{v:3}' for v in row))
A = make(2, 3, lambda i, j: i + j); B = make(3, 2, lambda i, j: i * j + 1)
show(mul(A, B)); show(rotate(make(3, 3, lambda i, j: 3 * i + j)))
bad = [[0] * 3] * 3; bad[0][0] = 9
good = [[0] * 3 for _ in range(3)]; good[0][0] = 9
print(bad, good)
def spiral(m):
    out = []
    while m:
        out += m.pop(0)
        m = [list(r) for r in zip(*m)][::-1]
    return out
print(spiral(make(3, 4, lambda i, j: 4 * i + j)))
grid = ["..#.", "#..#", "...#", "#.#."]
def islands(g):
    seen, count = set(), 0
    for i in range(len(g)):
        for j in range(len(g[0])):
            if g[i][j] == '#' and (i, j) not in seen:
                count += 1; todo = [(i, j)]
                while todo:
                    a, b = todo.pop()
                    if (a, b) in seen or not (0 <= a < len(g) and 0 <= b < len(g[0])) or g[a][b] != '#': continue
                    seen.add((a, b)); todo += [(a+1, b), (a-1, b), (a, b+1), (a, b-1)]
    return count
print(islands(grid))
def det(m):
    if len(m) == 1: return m[0][0]
    return sum((-1) ** j * m[0][j] * det([r[:j] + r[j+1:] for r in m[1:]]) for j in range(len(m)))
print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det(make(3, 3, lambda i, j: i + j)))
