# Control flow: while, break, continue, else, nested loops.
n = 0
total = 0
while True:
    n += 1
    if n % 2 == 0:
        continue
    if n > 15:
        break
    total += n
print(total, n)
found = None
for i in range(2, 30):
    for j in range(2, i):
        if i % j == 0:
            break
    else:
        found = i
print("last prime below 30:", found)
k = 3
while k > 0:
    k -= 1
else:
    print("while-else ran, k =", k)
x = 5 if total > 10 else 0
print(x, total > 10 and "big" or "small", not total)
