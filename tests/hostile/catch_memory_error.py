# expect: exit 0, stdout "MemoryError caught True\nafter\n"
# MemoryError is an exception like any other: caught, the memory freed, the program goes on.
keep = []
try:
    while True:
        keep.append([0] * 100)
except MemoryError:
    n = len(keep)
    keep = None
    print("MemoryError caught", n > 1000)
print("after")
