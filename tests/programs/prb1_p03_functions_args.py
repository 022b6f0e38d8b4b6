def ask_ok(prompt, retries=4, reminder='Please try again!'):
    return (prompt, retries, reminder)
print(ask_ok('Do?'), ask_ok('OK?', 2), ask_ok('OK?', 2, 'Come on'))
i = 5
def f(arg=i):
    print(arg)
i = 6
f()
def g(a, L=[]):
    L.append(a)
    return L
print(g(1), g(2), g(3))
def h(a, L=None):
    if L is None:
        L = []
    L.append(a)
    return L
print(h(1), h(2))
def parrot(voltage, state='a stiff', action='voom', type='Norwegian Blue'):
    print("-- This parrot wouldn't", action, end=' ')
    print("if you put", voltage, "volts through it.", state, type)
parrot(1000)
parrot(voltage=1000000, action='VOOOOOM')
parrot('a thousand', state='pushing up the daisies')
def cheeseshop(kind, *arguments, **keywords):
    print("-- Do you have any", kind, "?")
    for arg in arguments:
        print(arg)
    for kw in keywords:
        print(kw, ":", keywords[kw])
cheeseshop("Limburger", "It's very runny, sir.", shopkeeper="Michael Palin", sketch="Cheese Shop Sketch")
def combined(pos_only, /, standard, *, kwd_only):
    print(pos_only, standard, kwd_only)
combined(1, 2, kwd_only=3)
combined(1, standard=2, kwd_only=3)
try:
    combined(pos_only=1, standard=2, kwd_only=3)
except TypeError as e:
    print('TypeError', e)
def concat(*args, sep="/"):
    return sep.join(args)
print(concat("earth", "mars", "venus"), concat("a", "b", sep="."))
args = [3, 6]
print(list(range(*args)))
d = {"voltage": "four million", "state": "bleedin' demised", "action": "VOOM"}
parrot(**d)
