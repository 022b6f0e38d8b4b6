# DEBUG_SAVEALL keeps what the collector finds in gc.garbage instead of freeing it.
import gc
gc.disable(); gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
l = []; l.append(l)
del l
print("collected:", gc.collect())
print("garbage:", len(gc.garbage), type(gc.garbage[0]).__name__)
print("it contains itself:", gc.garbage[0][0] is gc.garbage[0])
gc.set_debug(0)
gc.garbage.clear()
print("after clearing gc.garbage:", gc.collect())
print("debug flags:", gc.get_debug())
