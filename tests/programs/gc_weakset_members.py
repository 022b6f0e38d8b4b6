# WeakSet: a registry of live instances that never keeps them alive.
import weakref

class Session:
    registry = weakref.WeakSet()
    def __init__(self, user):
        self.user = user
        Session.registry.add(self)

def live_users():
    return sorted(s.user for s in Session.registry)

a = Session("ann")
b = Session("bob")
c = Session("cy")
print("live:", live_users(), len(Session.registry))
del b
print("after del b:", live_users())
sessions = [a, c]
del a
print("after del a (still in a list):", live_users())
sessions.pop(0)
print("after popping it from the list:", live_users())
print("membership test:", c in Session.registry)
c = None
print("after c = None (list still holds it):", live_users(), len(Session.registry))
sessions.clear()
print("after clearing the list:", live_users(), len(Session.registry))
