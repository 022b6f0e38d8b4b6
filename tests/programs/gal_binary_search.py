# Binary search: iterative with a trace, recursive, and the bisect module
def binary_search(a, target):
    lo, hi = 0, len(a) - 1
    steps = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        steps += 1
        print(f'  lo={lo} hi={hi} mid={mid} a[mid]={a[mid]}')
        if a[mid] == target:
            return mid, steps
        if a[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1, steps

data = [2, 5, 8, 12, 16, 23, 38, 56, 72, 91]
for t in (23, 2, 91, 40):
    print('search', t)
    print('  ->', binary_search(data, t))

def bsearch_rec(a, target, lo, hi):
    if lo > hi:
        return -1
    mid = (lo + hi) // 2
    if a[mid] == target:
        return mid
    if a[mid] < target:
        return bsearch_rec(a, target, mid + 1, hi)
    return bsearch_rec(a, target, lo, mid - 1)

print([bsearch_rec(data, t, 0, len(data) - 1) for t in data + [0, 100]])

import bisect
print(bisect.bisect_left(data, 23), bisect.bisect_right(data, 23), bisect.bisect(data, 50))
scores = []
for s in [70, 95, 60, 88, 70]:
    bisect.insort(scores, s)
print(scores)
def grade(score, breakpoints=[60, 70, 80, 90], grades='FDCBA'):
    return grades[bisect.bisect(breakpoints, score)]
print([grade(s) for s in [33, 99, 77, 70, 89, 90, 100]])
