# Values sent into a generator are held by its locals while it is suspended.
import sys

class Msg:
    def __init__(self, text):
        self.text = text
    def __del__(self):
        print("free", self.text)

def sink():
    last = None
    while True:
        item = yield
        last = item

m = Msg("hello")
before = sys.getrefcount(m)
g = sink()
next(g)
g.send(m)
print("extra references held by the generator:", sys.getrefcount(m) - before)
g.send(None)
print("after sending None: extra", sys.getrefcount(m) - before)
g.send(Msg("second"))
print("sent a second message; deleting generator")
del g
print("deleting m")
del m
print("end")
