# weakref.proxy behaves like the object until the object dies, then raises.
import sys, weakref

class Account:
    def __init__(self, balance):
        self.balance = balance
    def deposit(self, n):
        self.balance += n
        return self.balance

acct = Account(100)
before = sys.getrefcount(acct)
p = weakref.proxy(acct)
print("proxy did not add a strong reference:", sys.getrefcount(acct) == before)
print("balance via proxy:", p.balance)
print("deposit via proxy:", p.deposit(50))
print("proxy count:", weakref.getweakrefcount(acct))
print("type of proxy:", type(p).__name__)
del acct
try:
    p.balance
except ReferenceError as e:
    print("ReferenceError:", e)
calls = []
obj = Account(1)
p2 = weakref.proxy(obj, lambda proxy: calls.append("callback"))
del obj
print("proxy callback ran:", calls)
