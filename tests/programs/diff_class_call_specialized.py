# From 3.13 a CALL of a class specializes on its second run (CALL_ALLOC_AND_ENTER_INIT) when
# the class has type as metaclass, object's __new__, no __slots__, and an __init__ taking
# exactly the arguments given: no argument tuple is made then. Each line: gen0 growth of each
# of three runs of one call site, a full collection (emptying the free lists) before each.
import gc
gc.disable()

class Plain:
    def __init__(self, name):
        self.name = name

class WithDefault:
    def __init__(self, name, size=1):
        self.name = name

class Star:
    def __init__(self, *names):
        self.names = names

class Slotted:
    __slots__ = ('name',)
    def __init__(self, name):
        self.name = name

class OwnNew:
    def __new__(cls, name):
        return object.__new__(cls)
    def __init__(self, name):
        self.name = name

class Child(Plain):
    pass

class Meta(type):
    pass

class Made(metaclass=Meta):
    def __init__(self, name):
        self.name = name

def runs(label, make):
    growth = []
    for _ in range(3):
        gc.collect()
        gc.get_count()
        before = gc.get_count()[0]
        obj = make()
        growth.append(gc.get_count()[0] - before)
        del obj
    print(label, growth)

def make_plain():
    return Plain('a')

runs('plain', make_plain)
runs('default used', lambda: WithDefault('a'))
runs('default given', lambda: WithDefault('a', 2))
runs('star', lambda: Star('a', 'b'))
runs('slots', lambda: Slotted('a'))
runs('own new', lambda: OwnNew('a'))
runs('child', lambda: Child('a'))
runs('metaclass', lambda: Made('a'))
runs('keyword', lambda: Plain(name='a'))
