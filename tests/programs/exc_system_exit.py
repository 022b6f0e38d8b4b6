# SystemExit with a code: finally blocks and atexit callbacks still run,
# and the process exits with that code.
import atexit

def goodbye():
    print("atexit callback")

atexit.register(goodbye)

class Tracker:
    def __del__(self):
        print("Tracker finalized")

t = Tracker()
try:
    raise SystemExit(3)
finally:
    print("finally before exit")
