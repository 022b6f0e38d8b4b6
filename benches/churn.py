# 10**6 allocate/free pairs of a small object in a loop.
for i in range(1000000):
    x = [i]
print("done")
