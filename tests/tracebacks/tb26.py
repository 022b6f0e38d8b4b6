import gc
gc.collect(1, 2, 3)
