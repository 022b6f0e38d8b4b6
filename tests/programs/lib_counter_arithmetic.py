# Counter arithmetic: +, -, | and & keep only positive counts, the in-place forms change the
# Counter itself, unary + and - filter signs.
from collections import Counter
a = Counter(a=3, b=1, c=0)
b = Counter(a=1, b=2, d=4, e=-1)
print(a + b, a - b, a | b, a & b)
print(+Counter(x=2, y=-1, z=0), -Counter(x=2, y=-1))
c = a
c += b
print(c is a, c)
c -= Counter(a=10)
print(c)
c |= Counter(z=5)
print(c)
c &= Counter(z=2, b=1)
print(c, c is a)
words = Counter("the cat and the hat".split())
more = Counter("the end".split())
print((words + more).most_common(2), sorted((words - more).elements()))
try:
    Counter(a=1) + {"a": 1}
except TypeError as e:
    print("TypeError", e)
