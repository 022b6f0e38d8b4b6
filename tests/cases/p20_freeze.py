# gc.freeze moves every tracked object to the permanent generation. (Numbers are gathered
# before printing: print() itself allocates inside the io stack.)
import gc
gc.disable(); gc.collect()
before = gc.get_freeze_count()
objs = [[] for i in range(100)]
gc.freeze()
frozen = gc.get_freeze_count() - before
counts = gc.get_count()
sizes = (len(gc.get_objects(0)), len(gc.get_objects(1)), len(gc.get_objects(2)))
c = []; c.append(c)
del c
collected = gc.collect()
gc.unfreeze()
after = gc.get_freeze_count()
print("frozen at least 100 more:", frozen >= 100)
print("counts after freeze:", counts)
print("generations right after freeze:", sizes)
print("new garbage is still collected:", collected)
print("after unfreeze:", after, len(gc.get_objects(2)) >= 100)
