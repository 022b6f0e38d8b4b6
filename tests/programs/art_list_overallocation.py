# list.append over-allocates: the size only jumps now and then.
import sys

lst = []
last = sys.getsizeof(lst)
print("empty:", last)
for i in range(64):
    lst.append(i)
    size = sys.getsizeof(lst)
    if size != last:
        print(f"len {len(lst):3} -> {size} bytes ({(size - sys.getsizeof([])) // 8} slots)")
        last = size
