def subsets(xs):
    out = []
    def go(i, cur):
        if i == len(xs):
            out.append(cur[:]); return
        go(i + 1, cur)
        cur.append(xs[i]); go(i + 1, cur); cur.pop()
    go(0, []); return out
print(subsets([1, 2, 3]))
def combo_sum(cands, target):
    res = []
    def go(start, remain, path):
        if remain == 0: res.append(tuple(path)); return
        for i in range(start, len(cands)):
            if cands[i] <= remain:
                go(i, remain - cands[i], path + [cands[i]])
    go(0, target, []); return res
print(combo_sum([2, 3, 6, 7], 7), len(combo_sum([1, 2, 5], 10)))
board = ['ABCE', 'SFCS', 'ADEE']
def exists(word):
    R, C = len(board), len(board[0])
    def dfs(r, c, k, used):
        if k == len(word): return True
        if not (0 <= r < R and 0 <= c < C) or (r, c) in used or board[r][c] != word[k]: return False
        used.add((r, c))
        found = any(dfs(r + dr, c + dc, k + 1, used) for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)))
        used.discard((r, c)); return found
    return any(dfs(r, c, 0, set()) for r in range(R) for c in range(C))
print([exists(w) for w in ['ABCCED', 'SEE', 'ABCB']])
def hanoi(n, a='A', b='B', c='C', moves=None):
    moves = [] if moves is None else moves
    if n: hanoi(n - 1, a, c, b, moves); moves.append(a + c); hanoi(n - 1, b, a, c, moves)
    return moves
print(hanoi(3), len(hanoi(10)))
def perms(s):
    if len(s) <= 1: return [s]
    return sorted({s[i] + p for i in range(len(s)) for p in perms(s[:i] + s[i+1:])})
print(perms('aab'), len(perms('abcd')))
def ackermann(m, n):
    if m == 0: return n + 1
    if n == 0: return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print(ackermann(2, 3))
