# Default argument values, and the mutable-default gotcha
def ask_ok(prompt, retries=4, reminder='Please try again!'):
    return '%s retries=%d reminder=%r' % (prompt, retries, reminder)

print(ask_ok('Do you really want to quit?'))
print(ask_ok('OK to overwrite the file?', 2))
print(ask_ok('OK to overwrite the file?', 2, 'Come on, only yes or no!'))

i = 5
def f(arg=i):
    print(arg)
i = 6
f()

def g(a, L=[]):
    L.append(a)
    return L

print(g(1))
print(g(2))
print(g(3))

def h(a, L=None):
    if L is None:
        L = []
    L.append(a)
    return L

print(h(1))
print(h(2))
print(h(3))
print(g.__defaults__, h.__defaults__)
