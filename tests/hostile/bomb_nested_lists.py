# expect: exit 2, stderr "limit reached"
x = []
while True:
    x = [x]
