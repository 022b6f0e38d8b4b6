# A weakref.proxy stands in for its referent: str(), format() and attribute access go
# through to the object; its repr names the proxy and the referent's type.
import weakref

class Account:
    def __init__(self, owner):
        self.owner = owner
    def __str__(self):
        return "account of " + self.owner
    def __repr__(self):
        return "Account(%r)" % self.owner
    def greet(self):
        return "hello " + self.owner

acct = Account("ada")
p = weakref.proxy(acct)
print(p, str(p) == str(acct), f"[{p}]", "%s" % p, p.greet(), p.owner)
r = repr(p)
print(r.startswith("<weakproxy at 0x"), ("to Account at" in r) or ("to 'Account' at" in r))
print(weakref.getweakrefcount(acct), type(p).__name__)
del acct
try:
    print(p)
except ReferenceError as e:
    print("ReferenceError:", e)
r = repr(p)
print(r.startswith("<weakproxy at 0x"), r.endswith("dead>") or "NoneType" in r)
