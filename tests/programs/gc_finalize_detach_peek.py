# weakref.finalize: alive, peek(), detach(), and calling it early.
import weakref

class Temp:
    pass

def cleanup(label):
    print("cleanup", label)
    return "done " + label

t1 = Temp()
f1 = weakref.finalize(t1, cleanup, "t1")
print("alive:", f1.alive)
func, args, kwargs = f1.peek()[1:]
print("peek:", func.__name__, args, kwargs)
del t1
print("alive after object died:", f1.alive, "peek:", f1.peek())

t2 = Temp()
f2 = weakref.finalize(t2, cleanup, "t2")
print("calling early returns:", f2())
print("second call returns:", f2())
del t2
print("nothing more happened for t2")

t3 = Temp()
f3 = weakref.finalize(t3, cleanup, "t3")
obj, fn, args, kw = f3.detach()
print("detached: same object:", obj is t3, "args:", args, "alive:", f3.alive)
del t3, obj
print("no cleanup for t3 after detach")
