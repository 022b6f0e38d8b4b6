# Names a program can see: dir() at module level (the start-up names of __main__) and in a
# function; library names pymemsim lacks stop as unsupported rather than failing.
x = 1
print(dir())
def f():
    y = 2
    return dir()
print(f())
