# Dropping the head of a linked chain frees the whole chain by refcounting,
# head first: each __del__ runs before the next node loses its last reference.
class Node:
    def __init__(self, value, nxt=None):
        self.value = value
        self.next = nxt
    def __del__(self):
        print("free", self.value)

head = None
for v in range(5, 0, -1):
    head = Node(v, head)
print("chain built")
second = head.next
del head
print("head gone, rest held by 'second'")
second = None
print("all gone")
