# What making a class allocates, counted by gc.get_count() right after a collection (free lists
# empty): __build_class__ binds the metaclass's __prepare__, type.__new__ looks up
# super(type, type).__init_subclass__ (a super object and a bound method), and the
# three-argument type() builds its namespace copy and __module__ like a class statement.
import gc
gc.disable()
x = 5
counts = []

def mark():
    counts.append(gc.get_count()[0])

gc.collect()
gc.get_count()
mark()
t = type(x)
mark()
u = (x,)
mark()
class Plain:
    pass
mark()
class Again:
    pass
mark()
class Parent:
    def __init_subclass__(cls):
        cls.tag = cls.__name__.lower()
mark()
class Child(Parent):
    pass
mark()
class Child2(Parent):
    pass
mark()
Made = type('Made', (), {'x': 1})
mark()
v = (x, x, x)
mark()
print([b - a for a, b in zip(counts, counts[1:])])
print(Child.tag, Child2.tag, Made.x)
print(list(Made.__dict__))
print(Made.__module__ is __name__)
for bad in [('D', (), []), (3, (), {})]:
    try:
        type(*bad)
    except TypeError as e:
        print('TypeError:', e)
