# Aliasing: two names for one list, += versus = ... + ..., and functions mutating arguments
a = b = []
a.append(1)
print(a, b, a is b)

x = [1, 2]
y = x
x += [3]
print(x, y, x is y)
x = x + [4]
print(x, y, x is y)

t = (1, 2)
u = t
t += (3,)
print(t, u, t is u)

s = 'ab'
r = s
s += 'c'
print(s, r)

def append_item(lst, item):
    lst.append(item)

def rebind(lst, item):
    lst = lst + [item]
    return lst

nums = [10]
append_item(nums, 20)
print(nums)
new = rebind(nums, 30)
print(nums, new)

grid = [[0] * 3] * 3
grid[0][0] = 'X'
print(grid)
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 'X'
print(grid)

outer = [[1, 2], [3, 4]]
inner = outer[0]
outer[0] = [9, 9]
inner.append(5)
print(outer, inner)

d = {'k': []}
alias = d['k']
alias.append('v')
d['k'] += ['w']
print(d, alias)
