class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.next = nxt
def from_list(xs):
    head = None
    for x in reversed(xs):
        head = Node(x, head)
    return head
def to_list(h):
    out = []
    while h:
        out.append(h.val); h = h.next
    return out
def merge(a, b):
    dummy = tail = Node(None)
    while a and b:
        if a.val <= b.val:
            tail.next, a = a, a.next
        else:
            tail.next, b = b, b.next
        tail = tail.next
    tail.next = a or b
    return dummy.next
def middle(h):
    slow = fast = h
    while fast and fast.next:
        slow, fast = slow.next, fast.next.next
    return slow.val
def remove_all(h, v):
    dummy = Node(0, h); p = dummy
    while p.next:
        if p.next.val == v: p.next = p.next.next
        else: p = p.next
    return dummy.next
m = merge(from_list([1, 4, 6, 9]), from_list([2, 3, 6, 10, 11]))
print(to_list(m), middle(m))
print(to_list(remove_all(m, 6)))
def has_cycle(h):
    seen = set()
    while h:
        if h in seen: return True
        seen.add(h); h = h.next
    return False
c = from_list([1, 2, 3]); c.next.next.next = c.next
print(has_cycle(c), has_cycle(from_list([5])))
