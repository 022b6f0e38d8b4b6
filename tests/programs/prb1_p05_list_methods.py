fruits = ['orange', 'apple', 'pear', 'banana', 'kiwi', 'apple', 'banana']
print(fruits.count('apple'), fruits.count('tangerine'))
print(fruits.index('banana'), fruits.index('banana', 4))
fruits.reverse()
print(fruits)
fruits.append('grape')
print(fruits)
fruits.sort()
print(fruits)
print(fruits.pop(), fruits)
fruits.insert(0, 'fig'); fruits.remove('kiwi'); fruits.extend(('x', 'y'))
print(fruits)
stack = [3, 4, 5]
stack.append(6); stack.append(7)
print(stack.pop(), stack.pop(), stack)
from collections import deque
queue = deque(["Eric", "John", "Michael"])
queue.append("Terry"); queue.append("Graham")
print(queue.popleft(), queue.popleft(), queue)
a = [-1, 1, 66.25, 333, 333, 1234.5]
del a[0]
print(a)
del a[2:4]
print(a)
del a[:]
print(a)
del a
try:
    print(a)
except NameError as e:
    print('NameError:', e)
b = [3, 1, 2]
c = b.copy(); b.clear()
print(b, c, sorted(c, reverse=True))
try:
    [1, 2].index(9)
except ValueError as e:
    print(e)
