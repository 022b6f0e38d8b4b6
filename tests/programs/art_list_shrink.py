# When does a list give back its spare capacity? pop, del, remove and slice deletion,
# measured with sys.getsizeof (56 + 8 per slot).
import sys
def cap(l): return (sys.getsizeof(l) - 56) // 8
l = []
for i in range(20): l.append(i)
print(cap(l))
l.pop(); print(len(l), cap(l))
l = []
for i in range(20): l.append(i)
del l[-1]; print(len(l), cap(l))
l = []
for i in range(20): l.append(i)
for i in range(15): del l[-1]
print(len(l), cap(l))
l = [0] * 40
for i in range(38): l.pop()
print(len(l), cap(l))
l = [0] * 40
for i in range(39): l.pop()
print(len(l), cap(l))
l = [0]*40; l[5:] = []; print(cap(l))
l = [0]*40; 
for i in range(30): l.remove(0)
print(cap(l))
l = [0]*40
for i in range(30): del l[-1]
print(cap(l))
l = [0]*40
for i in range(30): l.pop(0)
print(cap(l))
for start in (8, 16, 30, 32, 33, 40, 100):
    l = [0] * start
    tr = [(len(l), cap(l))]
    while l:
        l.pop()
        if cap(l) != tr[-1][1]: tr.append((len(l), cap(l)))
    print(start, tr)
l = [0]*8; l.pop(); l.pop(); l.pop(); l.pop(); l.pop(); print(cap(l))
l = [0]*8; del l[3:]; print(cap(l))
for n, k in ((30, 2), (32, 1), (33, 16), (33, 1), (20, 0), (64, 20)):
    l = [0]*n; del l[k:]; print(n, k, cap(l))
