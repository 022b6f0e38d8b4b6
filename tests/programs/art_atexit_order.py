# atexit callbacks run in reverse order of registration when the script ends.
import atexit

def bye(name):
    print("goodbye from", name)

atexit.register(bye, "first")
atexit.register(bye, "second")
third = atexit.register(bye, "third")
print("register returns the function:", third is bye)

def cancelled():
    print("this should not print")

atexit.register(cancelled)
atexit.unregister(cancelled)
print("main script done")
