# expect: exit 2, stderr "limit reached"
keep = {}
i = 0
while True:
    keep[i] = str(i)
    i += 1
