# A doubly linked list with prev/next references, __len__/__iter__/__repr__, and removal
class Node:
    __slots__ = ('value', 'prev', 'next')

    def __init__(self, value):
        self.value = value
        self.prev = None
        self.next = None

class DList:
    def __init__(self, values=()):
        self.head = self.tail = None
        self.size = 0
        for v in values:
            self.append(v)

    def append(self, value):
        node = Node(value)
        if self.tail is None:
            self.head = self.tail = node
        else:
            node.prev = self.tail
            self.tail.next = node
            self.tail = node
        self.size += 1

    def appendleft(self, value):
        node = Node(value)
        node.next = self.head
        if self.head:
            self.head.prev = node
        else:
            self.tail = node
        self.head = node
        self.size += 1

    def remove(self, value):
        node = self.head
        while node and node.value != value:
            node = node.next
        if node is None:
            raise ValueError(f'{value!r} not in list')
        if node.prev:
            node.prev.next = node.next
        else:
            self.head = node.next
        if node.next:
            node.next.prev = node.prev
        else:
            self.tail = node.prev
        node.prev = node.next = None
        self.size -= 1

    def __len__(self):
        return self.size

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def backwards(self):
        node = self.tail
        while node:
            yield node.value
            node = node.prev

    def __repr__(self):
        return 'DList(' + ' <-> '.join(map(repr, self)) + ')'

d = DList('bcd')
d.appendleft('a')
d.append('e')
print(d, len(d))
print(list(d.backwards()))
d.remove('c')
d.remove('a')
d.remove('e')
print(d, len(d), d.head.value, d.tail.value)
print(d.head.next is d.tail, d.tail.prev is d.head)
try:
    d.remove('zzz')
except ValueError as e:
    print('ValueError:', e)
try:
    d.head.color = 'red'
except AttributeError:
    print('slots prevent new attributes')
d.remove('b')
d.remove('d')
print(d, len(d), d.head, d.tail)
