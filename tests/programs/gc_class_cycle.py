# Every class is part of a reference cycle (its __mro__ contains itself,
# its methods' __dict__ ...), so deleting a class needs the collector.
import gc, weakref

gc.disable()
gc.collect()

class Temp:
    def method(self):
        return 1

print("Temp in its own __mro__:", Temp.__mro__[0] is Temp)
w = weakref.ref(Temp)
del Temp
print("class alive after del:", w() is not None)
found = gc.collect()
print("collect found something:", found > 0)
print("class alive after collect:", w() is not None)

def make_class(i):
    return type("Dyn%d" % i, (), {"value": i})

refs = [weakref.ref(make_class(i)) for i in range(5)]
print("dynamic classes alive:", sum(r() is not None for r in refs))
gc.collect()
print("after collect:", sum(r() is not None for r in refs))
