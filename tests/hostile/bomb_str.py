# expect: exit 1, stderr "MemoryError"
# A str doubling each time: the 1 GiB one does not fit.
s = "x"
while True:
    s = s + s
