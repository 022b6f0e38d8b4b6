# Recursive merge sort showing the split and merge steps
def merge(left, right):
    merged = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged

def merge_sort(a, depth=0):
    indent = '  ' * depth
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    print(f'{indent}split {a} -> {a[:mid]} {a[mid:]}')
    left = merge_sort(a[:mid], depth + 1)
    right = merge_sort(a[mid:], depth + 1)
    result = merge(left, right)
    print(f'{indent}merge {left} + {right} -> {result}')
    return result

print(merge_sort([38, 27, 43, 3, 9, 82, 10]))
print(merge_sort([]), merge_sort([1]))

def merge_sort_quiet(a):
    if len(a) <= 1:
        return a[:]
    mid = len(a) // 2
    return merge(merge_sort_quiet(a[:mid]), merge_sort_quiet(a[mid:]))

words = 'the quick brown fox jumps over the lazy dog'.split()
print(merge_sort_quiet(words))
print(merge_sort_quiet([5, -2, 5, 0, -2, 9, 1]) == sorted([5, -2, 5, 0, -2, 9, 1]))
