# Bubble sort with a trace of each pass, early exit when no swaps happen
def bubble_sort(items):
    a = list(items)
    n = len(a)
    swaps = 0
    for i in range(n - 1):
        swapped = False
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
                swaps += 1
                swapped = True
        print(f'pass {i + 1}: {a}')
        if not swapped:
            break
    return a, swaps

result, swaps = bubble_sort([5, 1, 4, 2, 8, 0])
print('sorted:', result, 'swaps:', swaps)
result, swaps = bubble_sort([1, 2, 3, 4])
print('already sorted:', result, 'swaps:', swaps)
words, _ = bubble_sort(['pear', 'apple', 'fig', 'banana'])
print(words)

def bubble_in_place(a):
    for end in range(len(a) - 1, 0, -1):
        for j in range(end):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]

data = [3.5, -1, 2, 2, 0]
alias = data
bubble_in_place(data)
print(data, alias is data)
