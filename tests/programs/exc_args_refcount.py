# Exception arguments are held in e.args (a tuple); raising and catching
# adds and drops references to them.
import sys

payload = ["some", "data"]
base = sys.getrefcount(payload)
err = ValueError(payload, 42)
print("extra refs after creating the exception:", sys.getrefcount(payload) - base)
print("args:", err.args)
try:
    raise err
except ValueError as caught:
    print("same object caught:", caught is err)
    print("extra refs inside handler:", sys.getrefcount(payload) - base)
print("extra refs after handler:", sys.getrefcount(payload) - base)
del err
print("after del err:", sys.getrefcount(payload) - base)
e2 = KeyError("k")
print("KeyError str:", str(e2), "| args:", e2.args)
print("no-arg exception args:", RuntimeError().args)
