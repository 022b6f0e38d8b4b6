# Cached small ints and shared constants.
def make(s): return int(s)
print("small:", make("100") is make("100"), "large:", make("1000") is make("1000"))
a = 1000
b = 1000
print("equal constants in one module share an object:", a is b)
x = 255 + 1
y = 255 + 1
print("256 computed twice is cached:", x is y)
p = 256 + 1 + int("0")
q = 256 + 1 + int("0")
print("257 computed twice is not:", p is q)
print("-5 and -6:", make("-5") is make("-5"), make("-6") is make("-6"))
