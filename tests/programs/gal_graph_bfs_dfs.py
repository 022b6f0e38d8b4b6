# Graphs as adjacency dicts: BFS shortest path, recursive DFS, cycle detection, topological order
from collections import deque

graph = {
    'A': ['B', 'C'],
    'B': ['D', 'E'],
    'C': ['F'],
    'D': [],
    'E': ['F'],
    'F': ['G'],
    'G': [],
}

def bfs_path(g, start, goal):
    queue = deque([[start]])
    seen = {start}
    while queue:
        path = queue.popleft()
        node = path[-1]
        if node == goal:
            return path
        for nxt in g[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(path + [nxt])
    return None

def dfs(g, node, visited=None):
    if visited is None:
        visited = []
    visited.append(node)
    for nxt in g[node]:
        if nxt not in visited:
            dfs(g, nxt, visited)
    return visited

def topo(g):
    order, state = [], {}
    def visit(n):
        if state.get(n) == 'done':
            return
        if state.get(n) == 'active':
            raise ValueError('cycle through ' + n)
        state[n] = 'active'
        for m in g[n]:
            visit(m)
        state[n] = 'done'
        order.append(n)
    for n in g:
        visit(n)
    return order[::-1]

print('BFS A->G:', bfs_path(graph, 'A', 'G'))
print('BFS D->A:', bfs_path(graph, 'D', 'A'))
print('DFS from A:', dfs(graph, 'A'))
print('topological:', topo(graph))
graph['G'].append('B')
try:
    topo(graph)
except ValueError as e:
    print('error:', e)

undirected = {}
for a, b in [(1, 2), (2, 3), (4, 5), (6, 6), (3, 1)]:
    undirected.setdefault(a, set()).add(b)
    undirected.setdefault(b, set()).add(a)
components, seen = [], set()
for start in undirected:
    if start not in seen:
        comp = dfs({k: sorted(v) for k, v in undirected.items()}, start)
        seen.update(comp)
        components.append(sorted(comp))
print('components:', components)
