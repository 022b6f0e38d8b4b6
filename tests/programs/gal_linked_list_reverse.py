# A singly linked list built from Node objects, then reversed in place
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

def build(values):
    head = None
    for v in reversed(values):
        head = Node(v, head)
    return head

def to_list(head):
    out = []
    while head is not None:
        out.append(head.value)
        head = head.next
    return out

def reverse(head):
    prev = None
    cur = head
    while cur:
        nxt = cur.next
        cur.next = prev
        prev = cur
        cur = nxt
    return prev

def reverse_rec(node, prev=None):
    if node is None:
        return prev
    rest = node.next
    node.next = prev
    return reverse_rec(rest, node)

head = build([1, 2, 3, 4, 5])
print(to_list(head))
head = reverse(head)
print(to_list(head))
head = reverse_rec(head)
print(to_list(head))

def insert_sorted(head, value):
    if head is None or value < head.value:
        return Node(value, head)
    cur = head
    while cur.next and cur.next.value < value:
        cur = cur.next
    cur.next = Node(value, cur.next)
    return head

def remove(head, value):
    if head and head.value == value:
        return head.next
    cur = head
    while cur and cur.next:
        if cur.next.value == value:
            cur.next = cur.next.next
            break
        cur = cur.next
    return head

head = insert_sorted(head, 0)
head = insert_sorted(head, 3)
head = insert_sorted(head, 9)
print(to_list(head))
head = remove(head, 3)
head = remove(head, 0)
head = remove(head, 42)
print(to_list(head), 'length', len(to_list(head)))
