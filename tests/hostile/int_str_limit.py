# expect: exit 1, stderr "ValueError: Exceeds the limit (4300"
x = 10 ** 5000
print(len(str(x)))
