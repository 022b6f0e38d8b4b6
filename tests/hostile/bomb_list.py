# expect: exit 1, stderr "MemoryError"
# Lists of 100 items kept forever: CPython runs until malloc fails (or the machine swaps);
# pymemsim's simulated memory (1 GiB) fills and the append fails with MemoryError.
keep = []
while True:
    keep.append([0] * 100)
