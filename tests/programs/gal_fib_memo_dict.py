# Fibonacci three ways: naive recursion (counting calls), dict memo, bottom-up list
calls = 0
def fib_naive(n):
    global calls
    calls += 1
    if n < 2:
        return n
    return fib_naive(n - 1) + fib_naive(n - 2)

print(fib_naive(20), 'naive calls:', calls)

memo = {0: 0, 1: 1}
memo_calls = 0
def fib_memo(n):
    global memo_calls
    memo_calls += 1
    if n not in memo:
        memo[n] = fib_memo(n - 1) + fib_memo(n - 2)
    return memo[n]

print(fib_memo(20), 'memo calls:', memo_calls)
print(fib_memo(90), 'memo size:', len(memo))
print(list(memo.items())[:8])

def fib_table(n):
    table = [0, 1] + [None] * (n - 1)
    for i in range(2, n + 1):
        table[i] = table[i - 1] + table[i - 2]
    return table

t = fib_table(15)
print(t)
print(t[-1] == fib_memo(15))
