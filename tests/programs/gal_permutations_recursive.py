# Generating permutations and subsets recursively
def permutations(items):
    if len(items) <= 1:
        return [items[:]]
    result = []
    for i in range(len(items)):
        first = items[i]
        rest = items[:i] + items[i + 1:]
        for p in permutations(rest):
            result.append([first] + p)
    return result

perms = permutations([1, 2, 3])
print(len(perms), perms)
print([''.join(p) for p in permutations(list('abc'))])

def subsets(items):
    if not items:
        return [[]]
    without = subsets(items[1:])
    with_first = [[items[0]] + s for s in without]
    return without + with_first

print(subsets(['x', 'y', 'z']))

def permute_in_place(a, k=0, out=None):
    if out is None:
        out = []
    if k == len(a):
        out.append(tuple(a))
    for i in range(k, len(a)):
        a[k], a[i] = a[i], a[k]
        permute_in_place(a, k + 1, out)
        a[k], a[i] = a[i], a[k]
    return out

res = permute_in_place(['r', 'g', 'b'])
print(res)
print(sorted(res) == sorted(tuple(p) for p in permutations(['r', 'g', 'b'])))
