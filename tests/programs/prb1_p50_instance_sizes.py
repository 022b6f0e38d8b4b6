import sys
class Plain:
    pass
class Two:
    def __init__(self):
        self.a = 1
        self.b = 2
p = Plain()
print(sys.getsizeof(p), sys.getsizeof(Two()))
t1, t2 = Two(), Two()
print(sys.getsizeof(t1.__dict__), sys.getsizeof(t2.__dict__))
t1.c = 3
print(sys.getsizeof(t1.__dict__))
print(sys.getsizeof({'a': 1, 'b': 2}))
d = {}
prev = sys.getsizeof(d)
print(0, prev)
for i in range(40):
    d[i] = i
    s = sys.getsizeof(d)
    if s != prev:
        print(len(d), s)
        prev = s
st = set()
prev = sys.getsizeof(st)
for i in range(40):
    st.add(i)
    s = sys.getsizeof(st)
    if s != prev:
        print('set', len(st), s)
        prev = s
print(sys.getsizeof(lambda: 0) > 0, sys.getsizeof(Plain) > 0)
print(sys.getsizeof([[]] * 3), sys.getsizeof([[], [], []]), sys.getsizeof((1, 2)) < sys.getsizeof([1, 2]))
