# Scopes and namespaces: local, nonlocal, global
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

for _ in range(3):
    bump()
print('counter =', counter)

x = 'global x'
def outer():
    x = 'outer x'
    def inner():
        print('inner sees', x)
    inner()
    return inner
outer()()

def broken():
    print(y)
    y = 1
try:
    broken()
except UnboundLocalError as e:
    print('UnboundLocalError caught')
