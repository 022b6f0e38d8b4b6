from collections import deque
graph = {
    'A': ['B', 'C'], 'B': ['D', 'E'], 'C': ['F'], 'D': [],
    'E': ['F', 'G'], 'F': ['H'], 'G': ['H'], 'H': [], 'X': ['A'],
}
def bfs_dist(start):
    dist = {start: 0}; q = deque([start])
    while q:
        u = q.popleft()
        for v in graph[u]:
            if v not in dist:
                dist[v] = dist[u] + 1; q.append(v)
    return dist
def dfs_order(start):
    seen, order, stack = set(), [], [start]
    while stack:
        u = stack.pop()
        if u in seen: continue
        seen.add(u); order.append(u)
        stack.extend(reversed(graph[u]))
    return order
def topo():
    indeg = {u: 0 for u in graph}
    for u in graph:
        for v in graph[u]: indeg[v] += 1
    q = deque(sorted(u for u in graph if indeg[u] == 0)); out = []
    while q:
        u = q.popleft(); out.append(u)
        for v in graph[u]:
            indeg[v] -= 1
            if indeg[v] == 0: q.append(v)
    return out
def all_paths(u, goal, path=()):
    path = path + (u,)
    if u == goal: return [path]
    return [p for v in graph[u] for p in all_paths(v, goal, path)]
print(bfs_dist('A')); print(dfs_order('X')); print(topo())
print(all_paths('A', 'H'))
