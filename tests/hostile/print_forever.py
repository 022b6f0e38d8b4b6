# expect: exit 2, stderr "output limit reached"
while True:
    print("spam " * 20)
