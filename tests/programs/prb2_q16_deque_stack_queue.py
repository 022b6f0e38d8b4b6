from collections import deque
def balanced(s):
    pairs = {')': '(', ']': '[', '}': '{'}
    stack = []
    for ch in s:
        if ch in '([{': stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]: return False
    return not stack
print([balanced(x) for x in ['([]{})', '([)]', '((', '']])
def rpn(expr):
    st = []
    for tok in expr.split():
        if tok in '+-*/':
            b, a = st.pop(), st.pop()
            st.append({'+': a + b, '-': a - b, '*': a * b, '/': a / b}[tok])
        else: st.append(float(tok))
    return st[0]
print(rpn('3 4 + 2 *'), rpn('5 1 2 + 4 * + 3 -'))
d = deque(range(5), maxlen=5)
d.append(5); d.appendleft(-1); print(d)
d.rotate(2); print(d, d[0], d[-1])
d.rotate(-3); print(list(d), d.maxlen, d.count(3))
q = deque()
for t in ['job1', 'job2', 'job3']: q.append(t)
while q:
    job = q.popleft(); print('run', job, 'left', len(q))
def hot_potato(names, n):
    circle = deque(names)
    while len(circle) > 1:
        circle.rotate(-n); print('out:', circle.pop())
    return circle[0]
print(hot_potato(['Bill', 'David', 'Susan', 'Jane', 'Kent', 'Brad'], 7))
w = deque('abc'); w.extendleft('xy'); print(w, w.index('a'))
