# Assigning attributes to built-in objects: the AttributeError wording per version.
x = [1]
try:
    x.foo = 1
except AttributeError as e: print(e)
try:
    (1).real = 2
except AttributeError as e: print(e)
