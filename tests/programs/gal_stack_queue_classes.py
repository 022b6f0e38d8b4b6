# Stack and Queue classes wrapping lists; balanced-bracket checker and a print queue
class Stack:
    def __init__(self):
        self.items = []
    def push(self, item):
        self.items.append(item)
    def pop(self):
        if not self.items:
            raise IndexError('pop from empty stack')
        return self.items.pop()
    def peek(self):
        return self.items[-1]
    def is_empty(self):
        return not self.items
    def __len__(self):
        return len(self.items)
    def __repr__(self):
        return f'Stack({self.items})'

class Queue:
    def __init__(self):
        self.inbox, self.outbox = [], []
    def enqueue(self, item):
        self.inbox.append(item)
    def dequeue(self):
        if not self.outbox:
            while self.inbox:
                self.outbox.append(self.inbox.pop())
        return self.outbox.pop()
    def __len__(self):
        return len(self.inbox) + len(self.outbox)

def balanced(text):
    pairs = {')': '(', ']': '[', '}': '{'}
    s = Stack()
    for ch in text:
        if ch in '([{':
            s.push(ch)
        elif ch in pairs:
            if s.is_empty() or s.pop() != pairs[ch]:
                return False
    return s.is_empty()

for t in ['(a[b]{c})', '([)]', '((', 'f(x) + g[y{z}]', '']:
    print(repr(t), balanced(t))

s = Stack()
for word in 'to be or not'.split():
    s.push(word)
print(s, len(s), s.peek())
print(' '.join(s.pop() for _ in range(len(s))))
try:
    s.pop()
except IndexError as e:
    print('error:', e)

q = Queue()
for job in ['report.pdf', 'photo.png', 'notes.txt']:
    q.enqueue(job)
print('printing', q.dequeue())
q.enqueue('late.doc')
while len(q):
    print('printing', q.dequeue())
