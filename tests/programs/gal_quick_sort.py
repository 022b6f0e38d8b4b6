# Quicksort two ways: a functional version with list comprehensions and in-place Lomuto partition
def quicksort(a):
    if len(a) <= 1:
        return a
    pivot, rest = a[0], a[1:]
    smaller = [x for x in rest if x < pivot]
    larger = [x for x in rest if x >= pivot]
    return quicksort(smaller) + [pivot] + quicksort(larger)

print(quicksort([3, 6, 8, 10, 1, 2, 1]))
print(quicksort(list('quicksort')))

def partition(a, lo, hi):
    pivot = a[hi]
    i = lo
    for j in range(lo, hi):
        if a[j] < pivot:
            a[i], a[j] = a[j], a[i]
            i += 1
    a[i], a[hi] = a[hi], a[i]
    return i

def quicksort_inplace(a, lo=0, hi=None, depth=0):
    if hi is None:
        hi = len(a) - 1
    if lo < hi:
        p = partition(a, lo, hi)
        print('  ' * depth + f'pivot {a[p]} at {p}: {a[lo:hi + 1]}')
        quicksort_inplace(a, lo, p - 1, depth + 1)
        quicksort_inplace(a, p + 1, hi, depth + 1)

data = [10, 80, 30, 90, 40, 50, 70]
quicksort_inplace(data)
print(data)

def kth_smallest(a, k):
    pivot = a[len(a) // 2]
    lows = [x for x in a if x < pivot]
    highs = [x for x in a if x > pivot]
    pivots = [x for x in a if x == pivot]
    if k < len(lows):
        return kth_smallest(lows, k)
    if k < len(lows) + len(pivots):
        return pivot
    return kth_smallest(highs, k - len(lows) - len(pivots))

nums = [7, 2, 9, 4, 4, 1, 8]
print([kth_smallest(nums, k) for k in range(len(nums))])
