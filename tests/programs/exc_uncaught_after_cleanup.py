# An uncaught exception ends the program with status 1, but finally blocks
# and __del__ methods still run on the way out.
class Handle:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("closing handle", self.name)

def step(h):
    try:
        print("working with", h.name)
        raise RuntimeError("unrecoverable")
    finally:
        print("finally in step")

h = Handle("main")
print("start")
step(h)
print("never printed")
