# collections.ChainMap (layered lookups), functools.cmp_to_key and operator.methodcaller.
from collections import ChainMap
from functools import cmp_to_key
from operator import methodcaller
defaults = {"color": "red", "user": "guest"}
env = {"user": "ada"}
cm = ChainMap(env, defaults)
print(cm["user"], cm["color"], len(cm), list(cm), sorted(cm.items()), "x" in cm, cm.get("x", 0))
child = cm.new_child({"color": "blue"})
print(child["color"], child.parents["color"], child)
child["size"] = 3
print(child.maps[0], list(child.keys()), cm)
try:
    del child["user"]
except KeyError as e:
    print("KeyError", e)
print(dict(child), bool(ChainMap()), ChainMap({}, {}) == ChainMap())
def by_len_then_alpha(a, b):
    return (len(a) - len(b)) or ((a > b) - (a < b))
print(sorted(["pear", "fig", "apple", "kiwi", "date"], key=cmp_to_key(by_len_then_alpha)))
up = methodcaller("upper")
rep = methodcaller("replace", "a", "o")
print(up("shout"), rep("banana"), list(map(methodcaller("count", "a"), ["aa", "bab"])))
print(repr(methodcaller("split", ",", maxsplit=1)))
