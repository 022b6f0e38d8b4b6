# type_traverse visits a class's dict, bases and MRO, not its table of subclasses (weak
# references) nor its __slots__ names (a tuple of str): a class dropped in a cycle is collected
# without them, and gc.get_referents() does not list them.
import gc
gc.disable()
gc.collect()
def scope():
    class S:
        __slots__ = ('extra', 'more')
scope()
print('slots class', gc.collect())
def scope2():
    class Base:
        pass
    class Child(Base):
        pass
scope2()
print('base and subclass', gc.collect())
class Keep:
    __slots__ = ('a',)
print(sorted(type(r).__name__ for r in gc.get_referents(Keep)))
class Sub(Keep):
    __slots__ = ()
print(sorted(type(r).__name__ for r in gc.get_referents(Keep)))
gc.set_debug(gc.DEBUG_SAVEALL)
def scope3():
    class T:
        __slots__ = ('x',)
scope3()
gc.collect()
print(sorted(type(o).__name__ for o in gc.garbage))
gc.set_debug(0)
gc.garbage.clear()
print([type(r).__name__ for r in gc.get_referents(Keep)], "(in traverse order)")
print([type(r).__name__ for r in gc.get_referents(Sub)])
print([r is Keep for r in gc.get_referents(Sub)])
