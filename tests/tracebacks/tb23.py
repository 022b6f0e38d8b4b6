def f(n):
    if n == 0:
        return {}[n]
    return f(n - 1)

f(6)
