# Errors raised by ordinary operations stop the program with a traceback on stderr.
items = [1, 2, 3]
print(items[0], items[-1])
print(len(items))
print(items[10])
