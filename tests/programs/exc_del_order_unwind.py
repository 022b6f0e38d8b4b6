# Locals of a frame that raised are freed only when the exception (and its
# traceback) goes away - at the end of the handler.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  del", self.name)

def fails():
    a = Noisy("local a")
    b = Noisy("local b")
    raise KeyError("x")

def ok():
    c = Noisy("local c")
    d = Noisy("local d")
    return 1

print("call ok()")
ok()
print("call fails()")
try:
    fails()
except KeyError:
    print("in handler")
print("after handler")
