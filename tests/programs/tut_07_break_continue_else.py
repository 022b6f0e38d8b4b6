# break and continue statements, and else clauses on loops
for n in range(2, 10):
    for x in range(2, n):
        if n % x == 0:
            print(n, 'equals', x, '*', n//x)
            break
    else:
        print(n, 'is a prime number')

for num in range(2, 10):
    if num % 2 == 0:
        print("Found an even number", num)
        continue
    print("Found an odd number", num)

def find(haystack, needle):
    i = 0
    while i < len(haystack):
        if haystack[i] == needle:
            print('found', needle, 'at', i)
            break
        i += 1
    else:
        print(needle, 'not found')

find([3, 1, 4, 1, 5], 4)
find([3, 1, 4, 1, 5], 9)

class MyEmptyClass:
    pass

def initlog(*args):
    pass

print(initlog(), MyEmptyClass.__name__)
