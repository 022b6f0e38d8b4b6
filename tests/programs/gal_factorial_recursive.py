# Recursive factorial, with a trace of the call stack growing and shrinking
def fact(n, depth=0):
    pad = '  ' * depth
    print(f'{pad}fact({n}) called')
    if n <= 1:
        print(f'{pad}base case -> 1')
        return 1
    result = n * fact(n - 1, depth + 1)
    print(f'{pad}fact({n}) returns {result}')
    return result

print('answer:', fact(5))

def fact_iter(n):
    acc = 1
    for k in range(2, n + 1):
        acc *= k
    return acc

print([fact_iter(n) for n in range(10)])
print(fact_iter(30))
print(len(str(fact_iter(100))), 'digits in 100!')
