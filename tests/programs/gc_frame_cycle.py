# A frame stored in one of its own locals creates a cycle:
# frame -> locals -> frame. The locals stay alive until the collector runs.
import gc, sys, weakref

class Payload:
    pass

watch = []

def trap():
    p = Payload()
    watch.append(weakref.ref(p))
    me = sys._getframe()
    return None

gc.disable()
gc.collect()
trap()
print("payload alive after return:", watch[0]() is not None)
gc.collect()
print("payload alive after collect:", watch[0]() is not None)

def clean():
    p = Payload()
    watch.append(weakref.ref(p))

clean()
print("no frame cycle -> freed on return:", watch[1]() is None)
