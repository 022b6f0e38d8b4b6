# __exit__ sees the exception; returning True suppresses it. Either way the
# resource is released, and the exception object's lifetime ends with the block.
import weakref

class Session:
    live = 0
    def __init__(self, name, swallow):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        Session.live += 1
        return self
    def __exit__(self, et, ev, tb):
        Session.live -= 1
        print(self.name, "exit with", et.__name__ if et else None, "live:", Session.live)
        if ev is not None:
            holder.append(weakref.ref(ev))
        return self.swallow

holder = []

class Quiet(Exception):
    pass

class Loud(Exception):
    pass

with Session("plain", False):
    pass
with Session("quiet", True):
    raise Quiet("ignored")
print("quiet exception freed:", holder[0]() is None)
try:
    with Session("loud", False):
        raise Loud("seen")
except Loud as e:
    print("caught", repr(e))
print("loud exception freed after except:", holder[1]() is None)
