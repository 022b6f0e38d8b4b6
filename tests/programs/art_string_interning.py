# String interning: identifier-like literals and sys.intern share one object;
# strings built at run time do not (unless interned).
import sys

a = "hello_world"
b = "hello_world"
print("identical literals:", a is b)
c = "".join(["hello", "_", "world"])
print("built at run time:", c == a, c is a)
d = sys.intern(c)
print("after sys.intern:", d is a)
e = "hello world!"
f = "hello world!"
print("same code object, non-identifier literal:", e is f)
g = " ".join(["hello", "world!"])
print("run-time non-identifier:", g is e)
print("single characters:", chr(97) is "a"[0], str(chr(122)) is "z")
keys = {}
keys["dynamic_key"] = 1
k = "dynamic" + "_key".lower()
print("dict lookup works regardless:", keys[k])
print("interned copies of a runtime string:", sys.intern("ab" * 3) is sys.intern("".join(["aba", "bab"])))
