# Positional-only, keyword-only and standard parameters
def standard_arg(arg):
    print(arg)

def pos_only_arg(arg, /):
    print(arg)

def kwd_only_arg(*, arg):
    print(arg)

def combined_example(pos_only, /, standard, *, kwd_only):
    print(pos_only, standard, kwd_only)

standard_arg(2)
standard_arg(arg=2)
pos_only_arg(1)
try:
    pos_only_arg(arg=1)
except TypeError:
    print("pos_only_arg(arg=1) -> TypeError")
kwd_only_arg(arg=3)
try:
    kwd_only_arg(3)
except TypeError:
    print("kwd_only_arg(3) -> TypeError")
combined_example(1, 2, kwd_only=3)
combined_example(1, standard=2, kwd_only=3)
try:
    combined_example(pos_only=1, standard=2, kwd_only=3)
except TypeError:
    print("combined_example(pos_only=...) -> TypeError")

def foo(name, /, **kwds):
    return 'name' in kwds

print(foo(1, **{'name': 2}))

def concat(*args, sep="/"):
    return sep.join(args)

print(concat("earth", "mars", "venus"))
print(concat("earth", "mars", "venus", sep="."))
args = [3, 6]
print(list(range(*args)))
d = {"voltage": "four million", "state": "bleedin' demised", "action": "VOOM"}
def parrot(voltage, state='a stiff', action='voom'):
    print("-- This parrot wouldn't", action, end=' ')
    print("if you put", voltage, "volts through it.", end=' ')
    print("E's", state, "!")
parrot(**d)
