def scope_test():
    def do_local():
        spam = "local spam"
    def do_nonlocal():
        nonlocal spam
        spam = "nonlocal spam"
    def do_global():
        global spam
        spam = "global spam"
    spam = "test spam"
    do_local()
    print("After local assignment:", spam)
    do_nonlocal()
    print("After nonlocal assignment:", spam)
    do_global()
    print("After global assignment:", spam)
scope_test()
print("In global scope:", spam)
counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump(); bump()
print(counter)
def outer():
    x = 1
    def inner():
        print(x)
    x = 2
    return inner
outer()()
def broken():
    try:
        print(y)
        y = 3
    except UnboundLocalError as e:
        print(type(e).__name__, e)
broken()
print(sorted(k for k in dir() if not k.startswith('__')))
