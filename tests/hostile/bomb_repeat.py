# expect: exit 1, stderr "MemoryError"
# One huge request: refused before anything is built.
s = "a" * 10**10
