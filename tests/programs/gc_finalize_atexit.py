# weakref.finalize objects still alive at exit run then (atexit=True by default),
# newest first; atexit=False ones are skipped.
import weakref

class Conn:
    def __init__(self, name):
        self.name = name

def close(name):
    print("closing", name)

keep = []
for name in ("db", "cache", "log"):
    c = Conn(name)
    keep.append(c)
    weakref.finalize(c, close, name)
quiet = Conn("quiet")
fq = weakref.finalize(quiet, close, "quiet")
fq.atexit = False
temp = Conn("temp")
weakref.finalize(temp, close, "temp")
del temp
print("end of main code")
