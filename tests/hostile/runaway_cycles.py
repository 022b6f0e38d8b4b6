# expect: exit 2, stderr "limit reached"
# An endless loop making garbage cycles: the collector keeps up, only the step (or, when the
# events are recorded, the history) limit stops it.
while True:
    x = []
    x.append(x)
