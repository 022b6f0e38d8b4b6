# String identity: identifiers are interned, runtime strings are not, sys.intern shares.
import sys
a = "hello_world"
b = "hello_" + "world"
c = "".join(["hello_", "world"])
print(a is b, a is c, a == c)
print(sys.intern(c) is a)
d = "with space!"
e = "with space!"
print("same constant in one module:", d is e)
print("chars:", "".join(["x"]) is "x", str(7) == "7")
print(sys.getrefcount(sys.intern("".join(["unique", "_name_42"]))))
