# The same five elements take different room depending on how the list was built.
import sys

literal = [0, 1, 2, 3, 4]
appended = []
for i in range(5):
    appended.append(i)
comprehension = [i for i in range(5)]
from_range = list(range(5))
multiplied = [0] * 5
sliced = appended[:]
for name, value in [("literal", literal), ("appended", appended),
                    ("comprehension", comprehension), ("list(range)", from_range),
                    ("[0] * 5", multiplied), ("copy by slice", sliced)]:
    print(f"{name:<14} {sys.getsizeof(value)}")
appended.pop()
appended.pop()
appended.pop()
print("after 3 pops:", sys.getsizeof(appended))
appended.clear()
print("after clear:", sys.getsizeof(appended))
