# Survivors move to older generations; explicit collections of each generation.
import gc
gc.disable(); gc.collect()
keep = [[] for i in range(5)]
print("tracked, in gen 0?", all(any(o is k for o in gc.get_objects(0)) for k in keep))
gc.collect(0)
print("after collect(0) in gen 1?", all(any(o is k for o in gc.get_objects(1)) for k in keep))
gc.collect(1)
print("after collect(1) in gen 2?", all(any(o is k for o in gc.get_objects(2)) for k in keep))
print("gen 0 and 1 hold none of them:", not any(any(o is k for o in gc.get_objects(0) + gc.get_objects(1)) for k in keep))
print("counts after collect(1):", gc.get_count()[1:])
gc.collect(0); gc.collect(0)
print("two more gen-0 collections -> count[1]:", gc.get_count()[1])
