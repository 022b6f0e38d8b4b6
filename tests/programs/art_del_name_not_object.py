# "del x" removes a name, not an object: the object dies with its last reference.
class Announcer:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("   object", self.name, "destroyed")

a = Announcer("A")
b = a
print("del a")
del a
print("del b")
del b
print("rebinding")
c = Announcer("first")
c = Announcer("second")
print("end of script")
