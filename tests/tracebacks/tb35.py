# bytes repeated past the longest length, and an empty tuple repeated 10**18 times (empty at
# once) before it.
n = 10**18
print(() * n, [] * n, "" * n)
data = b"abcdefghij" * n
