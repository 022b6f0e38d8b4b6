# expect: exit 2, stderr "limit reached"
# No statement runs while sum iterates: its items count as steps.
print(sum(range(10**12)))
