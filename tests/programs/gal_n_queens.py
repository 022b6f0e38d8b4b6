# N-Queens by backtracking, printing the first board and counting all solutions
def solve(n):
    solutions = []
    cols = []

    def safe(row, col):
        for r, c in enumerate(cols):
            if c == col or abs(c - col) == row - r:
                return False
        return True

    def place(row):
        if row == n:
            solutions.append(cols[:])
            return
        for col in range(n):
            if safe(row, col):
                cols.append(col)
                place(row + 1)
                cols.pop()

    place(0)
    return solutions

def draw(cols):
    n = len(cols)
    for c in cols:
        print(' '.join('Q' if i == c else '.' for i in range(n)))

sols = solve(6)
print(len(sols), 'solutions for 6 queens')
draw(sols[0])
print(sols)
print([len(solve(n)) for n in range(1, 9)])
