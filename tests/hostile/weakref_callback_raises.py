# expect: exit 0, stdout "after\n", stderr "ValueError: boom"
import weakref
class C:
    pass
def callback(r):
    raise ValueError("boom")
c = C()
r = weakref.ref(c, callback)
del c
print("after")
