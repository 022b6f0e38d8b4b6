# getsizeof is shallow; a recursive walk gives the "real" footprint of a structure.
import sys

def total_size(obj, seen=None):
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(total_size(k, seen) + total_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(total_size(x, seen) for x in obj)
    return size

data = {"names": ["ann", "bob", "cy"], "scores": (10.5, 20.25), "nested": {"deep": [[1000], [2000]]}}
print("shallow:", sys.getsizeof(data))
print("deep:", total_size(data))
shared = [1000.5] * 3
print("list with a shared float, shallow:", sys.getsizeof(shared), "deep:", total_size(shared))
