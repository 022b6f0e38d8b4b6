# Lisp-style linked lists from nested pairs (tuples), processed recursively
empty = None

def cons(head, tail):
    return (head, tail)

def from_iter(items):
    lst = empty
    for x in reversed(list(items)):
        lst = cons(x, lst)
    return lst

def length(lst):
    return 0 if lst is empty else 1 + length(lst[1])

def map_list(f, lst):
    return empty if lst is empty else cons(f(lst[0]), map_list(f, lst[1]))

def filter_list(pred, lst):
    if lst is empty:
        return empty
    head, tail = lst
    rest = filter_list(pred, tail)
    return cons(head, rest) if pred(head) else rest

def to_str(lst):
    parts = []
    while lst is not empty:
        parts.append(str(lst[0]))
        lst = lst[1]
    return '(' + ' '.join(parts) + ')'

nums = from_iter(range(1, 8))
print(nums)
print(to_str(nums), length(nums))
squares = map_list(lambda x: x * x, nums)
print(to_str(squares))
print(to_str(filter_list(lambda x: x % 2 == 1, squares)))
shared_tail = nums[1][1]
other = cons('new', shared_tail)
print(to_str(other), other[1] is nums[1][1])

# the same idea with mutable two-element lists
a = [1, None]
b = [2, a]
c = [3, b]
a[1] = 'end'
print(c)
