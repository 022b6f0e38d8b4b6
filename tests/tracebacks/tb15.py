s = "abc"
s.nope()
