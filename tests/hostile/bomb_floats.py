# expect: exit 2, stderr "object limit reached"
# Small objects: the simulated memory would hold 40 million floats (24 bytes each); pymemsim's own records
# stop first (its guard on its own memory).
keep = []
while True:
    keep.append(1.5 * len(keep))
