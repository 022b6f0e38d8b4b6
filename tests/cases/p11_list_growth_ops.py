# Capacity after different list operations (getsizeof = 56 + 8 * allocated).
import sys
def cap(l): return (sys.getsizeof(l) - 56) // 8
l = []
for i in range(20):
    l.append(i)
print("append 20:", cap(l))
for i in range(15):
    l.pop()
print("pop 15:", len(l), cap(l))
e = []
e.extend(range(5))
print("extend(range(5)) into empty:", cap(e))
e.extend([1, 2, 3, 4, 5, 6, 7])
print("then extend by 7:", len(e), cap(e))
print("list(range(7)):", cap(list(range(7))))
print("[0]*7:", cap([0] * 7))
i = [1]
i.insert(0, 0)
print("insert into 1-list:", cap(i))
c = [x for x in range(9)]
print("comprehension of 9:", cap(c))
