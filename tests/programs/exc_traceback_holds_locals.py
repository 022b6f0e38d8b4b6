# A caught exception's __traceback__ references the frames it passed through,
# and the frames keep their local variables alive.
import weakref

class Buffer:
    def __init__(self, size):
        self.data = bytearray(size)

refs = []

def load():
    buf = Buffer(1000)
    refs.append(weakref.ref(buf))
    raise OSError("disk on fire")

saved = None
try:
    load()
except OSError as e:
    saved = e
print("exception kept:", saved)
print("buffer alive through the traceback:", refs[0]() is not None)
tb = saved.__traceback__
names = []
while tb is not None:
    names.append(tb.tb_frame.f_code.co_name)
    tb = tb.tb_next
print("frames in traceback:", names)
del saved
print("after del saved, buffer alive:", refs[0]() is not None)
