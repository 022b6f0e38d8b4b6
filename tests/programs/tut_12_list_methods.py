# More on lists: methods, using lists as stacks and queues
fruits = ['orange', 'apple', 'pear', 'banana', 'kiwi', 'apple', 'banana']
print(fruits.count('apple'))
print(fruits.count('tangerine'))
print(fruits.index('banana'))
print(fruits.index('banana', 4))
fruits.reverse()
print(fruits)
fruits.append('grape')
print(fruits)
fruits.sort()
print(fruits)
print(fruits.pop())
fruits.insert(0, 'fig')
fruits.extend(['lime', 'date'])
fruits.remove('apple')
print(fruits)
try:
    fruits.remove('mango')
except ValueError as e:
    print('ValueError:', e)
stack = [3, 4, 5]
stack.append(6)
stack.append(7)
print(stack)
print(stack.pop(), stack)
print(stack.pop(), stack.pop(), stack)
from collections import deque
queue = deque(["Eric", "John", "Michael"])
queue.append("Terry")
queue.append("Graham")
print(queue.popleft())
print(queue.popleft())
print(queue)
nums = [5, 2, 9, 1]
copy = nums.copy()
nums.clear()
print(nums, copy, sorted(copy, reverse=True))
