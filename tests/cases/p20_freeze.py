# gc.freeze moves every tracked object to the permanent generation.
import gc
gc.disable(); gc.collect()
before = gc.get_freeze_count()
objs = [[] for i in range(100)]
gc.freeze()
print("frozen at least 100 more:", gc.get_freeze_count() - before >= 100)
print("counts after freeze:", gc.get_count())
print("generations empty:", len(gc.get_objects(0)), len(gc.get_objects(1)), len(gc.get_objects(2)))
c = []; c.append(c)
del c
print("new garbage is still collected:", gc.collect())
gc.unfreeze()
print("after unfreeze:", gc.get_freeze_count(), len(gc.get_objects(2)) >= 100)
