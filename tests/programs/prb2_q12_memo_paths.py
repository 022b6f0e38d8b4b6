# count lattice paths and edit distance with explicit memo dicts
memo = {}
def paths(r, c):
    if r == 0 or c == 0:
        return 1
    key = (r, c)
    if key not in memo:
        memo[key] = paths(r - 1, c) + paths(r, c - 1)
    return memo[key]
print(paths(3, 3), paths(10, 10), len(memo))
def edit_distance(a, b, cache=None):
    if cache is None:
        cache = {}
    def go(i, j):
        if (i, j) in cache:
            return cache[i, j]
        if i == len(a): r = len(b) - j
        elif j == len(b): r = len(a) - i
        elif a[i] == b[j]: r = go(i + 1, j + 1)
        else: r = 1 + min(go(i + 1, j), go(i, j + 1), go(i + 1, j + 1))
        cache[i, j] = r
        return r
    return go(0, 0), len(cache)
print(edit_distance('kitten', 'sitting'), edit_distance('flaw', 'lawn'))
def coin_change(coins, amount):
    ways = [1] + [0] * amount
    for c in coins:
        for v in range(c, amount + 1):
            ways[v] += ways[v - c]
    return ways[amount]
print(coin_change([1, 2, 5], 11), coin_change([2, 5, 3, 6], 10))
collatz = {1: 0}
def steps(n):
    if n not in collatz:
        collatz[n] = 1 + steps(n // 2 if n % 2 == 0 else 3 * n + 1)
    return collatz[n]
best = max(range(1, 1000), key=steps)
print(best, steps(best), len(collatz) > 1000)
