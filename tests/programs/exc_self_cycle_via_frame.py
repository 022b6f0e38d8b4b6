# Storing the caught exception in a local of a frame that is on its traceback
# builds a cycle: exception -> traceback -> frame -> locals -> exception.
import gc, weakref

class Marker:
    pass

probe = []

def careless():
    m = Marker()
    probe.append(weakref.ref(m))
    try:
        raise ValueError("boom")
    except ValueError as e:
        caught = e

def careful():
    m = Marker()
    probe.append(weakref.ref(m))
    try:
        raise ValueError("boom")
    except ValueError as e:
        caught = e
        del caught

gc.disable()
gc.collect()
careless()
print("careless: local alive after return:", probe[0]() is not None)
print("collect freed objects:", gc.collect() > 0)
print("careless: alive after collect:", probe[0]() is not None)
careful()
print("careful: local alive after return:", probe[1]() is not None)
