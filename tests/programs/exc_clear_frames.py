# traceback.clear_frames() drops the locals of the frames in a traceback,
# so a kept exception no longer pins them in memory.
import traceback, weakref

class Blob:
    pass

pins = []

def deep():
    blob = Blob()
    pins.append(weakref.ref(blob))
    raise ValueError("deep failure")

def wrapper():
    other = Blob()
    pins.append(weakref.ref(other))
    deep()

try:
    wrapper()
except ValueError as e:
    kept = e
print("locals alive:", [p() is not None for p in pins])
traceback.clear_frames(kept.__traceback__)
print("after clear_frames:", [p() is not None for p in pins])
print("exception still usable:", kept.args)
