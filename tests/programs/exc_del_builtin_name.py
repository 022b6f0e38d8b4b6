# Deleting a name that is only a builtin is CPython's NameError.
try:
    del len
except NameError as e: print(e)
