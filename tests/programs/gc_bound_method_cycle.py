# Storing a bound method on its own instance creates a cycle:
# instance -> __dict__ -> bound method -> instance.
import gc, sys, weakref

class Button:
    def __init__(self):
        self.on_click = self.clicked
    def clicked(self):
        return "clicked"

gc.disable()
gc.collect()
b = Button()
print("handler works:", b.on_click())
print("bound method's __self__ is b:", b.on_click.__self__ is b)
print("refcount of b:", sys.getrefcount(b))
w = weakref.ref(b)
del b
print("alive after del:", w() is not None)
print("collected:", gc.collect())
print("alive after collect:", w() is not None)

class SafeButton:
    def __init__(self):
        self.on_click = weakref.WeakMethod(self.clicked)
    def clicked(self):
        return "safe click"

s = SafeButton()
print("WeakMethod call:", s.on_click()())
ws = weakref.ref(s)
del s
print("WeakMethod version freed without gc:", ws() is None)
