# Exceptions unwinding through recursive calls, with finally blocks running on the way out
def descend(n, limit):
    print('  ' * n + f'enter {n}')
    try:
        if n == limit:
            raise ValueError(f'hit the bottom at {n}')
        return descend(n + 1, limit)
    finally:
        print('  ' * n + f'leave {n}')

try:
    descend(0, 3)
except ValueError as e:
    print('caught:', e)

def safe_div_tree(node):
    """node is a number or a tuple (left, right) meaning left / right"""
    if not isinstance(node, tuple):
        return node
    left, right = node
    return safe_div_tree(left) / safe_div_tree(right)

for expr in [(8, 2), ((9, 3), (4, 2)), (1, (5, (2, 0)))]:
    try:
        print(expr, '=', safe_div_tree(expr))
    except ZeroDivisionError as e:
        print(expr, 'failed:', e)

def find_path(maze, r, c, path):
    if not (0 <= r < len(maze) and 0 <= c < len(maze[0])) or maze[r][c] == '#':
        return False
    if (r, c) in path:
        return False
    path.append((r, c))
    if maze[r][c] == 'E':
        return True
    for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        if find_path(maze, r + dr, c + dc, path):
            return True
    path.pop()
    return False

maze = ['S.#.',
        '.##.',
        '...E']
path = []
print(find_path(maze, 0, 0, path), path)

def depth_of(n):
    try:
        return depth_of(n + 1)
    except RecursionError:
        return n

print('recursion limit reached:', depth_of(0) > 100)
