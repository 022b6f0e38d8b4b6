# A RecursionError unwinds thousands of frames; after it is handled all of
# them are freed, and the interpreter works normally again.
import sys, weakref

class Node:
    pass

first = []

def dive(n):
    node = Node()
    if n == 0:
        first.append(weakref.ref(node))
    return dive(n + 1)

try:
    dive(0)
except RecursionError as e:
    print("caught:", type(e).__name__)
    print("message mentions recursion:", "recursion" in str(e))
print("first frame's local freed:", first[0]() is None)
print("still working:", sum(range(10)))
