# Dict operations and iteration order.
d = {}
for i in range(8):
    d["k" + str(i)] = i * i
print(len(d), d["k3"], d.get("zz"), d.get("zz", -1))
del d["k0"]
d["k0"] = 100
print(list(d.keys()))
print(list(d.values())[:3], list(d.items())[-1])
print("k5" in d, "nope" in d)
d.update({"new": 1})
print(d.pop("new"), d.setdefault("s", 5), d.setdefault("s", 6))
e = d.copy()
e.clear()
print(len(d), len(e))
m = {1: "a", 2.0: "b", True: "c"}
print(m)
print({(1, 2): "tuple key"}[(1, 2)])
print(dict([("a", 1), ("b", 2)]), dict(x=1, y=2))
