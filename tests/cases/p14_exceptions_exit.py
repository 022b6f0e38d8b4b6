# An uncaught exception: output so far is printed, then the run stops.
print("before")
d = {"a": 1}
print(d["a"])
print(d["missing"])
print("never printed")
