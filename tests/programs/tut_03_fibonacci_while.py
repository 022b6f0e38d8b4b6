# First steps towards programming: the Fibonacci series with a while loop
a, b = 0, 1
while a < 10:
    print(a)
    a, b = b, a+b

a, b = 0, 1
while a < 1000:
    print(a, end=',')
    a, b = b, a+b
print()

i = 256*256
print('The value of i is', i)

count = 0
a, b = 0, 1
while True:
    count += 1
    a, b = b, a + b
    if a > 10 ** 30:
        break
print("first fib above 10**30 is term", count, "=", a)
