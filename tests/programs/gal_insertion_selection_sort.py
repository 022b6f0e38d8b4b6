# Insertion sort and selection sort, counting comparisons
def insertion_sort(a):
    a = a[:]
    comparisons = 0
    for i in range(1, len(a)):
        key = a[i]
        j = i - 1
        while j >= 0:
            comparisons += 1
            if a[j] <= key:
                break
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
        print(f'  after inserting {key!r:>4}: {a[:i + 1]}')
    return a, comparisons

def selection_sort(a):
    a = a[:]
    comparisons = 0
    for i in range(len(a)):
        smallest = i
        for j in range(i + 1, len(a)):
            comparisons += 1
            if a[j] < a[smallest]:
                smallest = j
        a[i], a[smallest] = a[smallest], a[i]
    return a, comparisons

data = [29, 10, 14, 37, 13, 5]
print('insertion:', insertion_sort(data))
print('selection:', selection_sort(data))
print('original untouched:', data)
print('sorted input :', insertion_sort(list(range(6)))[1], 'comparisons')
print('reversed input:', insertion_sort(list(range(6, 0, -1)))[1], 'comparisons')

people = [('amy', 30), ('bob', 25), ('cal', 30), ('dee', 25)]
def stable_by_age(rows):
    rows = rows[:]
    for i in range(1, len(rows)):
        cur = rows[i]
        j = i - 1
        while j >= 0 and rows[j][1] > cur[1]:
            rows[j + 1] = rows[j]
            j -= 1
        rows[j + 1] = cur
    return rows
print(stable_by_age(people))
print(sorted(people, key=lambda r: r[1]) == stable_by_age(people))
