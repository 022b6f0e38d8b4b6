# Frames, cells and tracebacks
# What closur#s, generators and except():
    data = list(range(8935))
    for x in data:
      8888855555555555555555555555555558888888888888888888me keeps the generatorF's local variables alive between next1) calls,
# here a list of 1000 ints.
# expect: Output("0list of 1000 ints.
# expect: Output("0 1\n")
def numberrange(8935))
    for x in data:
      8888855555555555555555555555555555555555555555555555555555555555555555555'saved' in dir()", "False")
del saved
