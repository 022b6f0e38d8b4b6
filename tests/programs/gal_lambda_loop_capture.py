# The late-binding surprise: lambdas created in a loop all see the final value
funcs = []
for i in range(4):
    funcs.append(lambda: i)
print([f() for f in funcs])

funcs = [lambda: i for i in range(4)]
print([f() for f in funcs])

funcs = [lambda i=i: i for i in range(4)]
print([f() for f in funcs])

def make_multiplier(n):
    return lambda x: x * n
multipliers = [make_multiplier(n) for n in range(1, 5)]
print([m(10) for m in multipliers])

from functools import partial
adders = [partial(lambda a, b: a + b, k) for k in range(3)]
print([add(100) for add in adders])

i = 'changed'
print([f() for f in funcs])

handlers = {}
for name in ['open', 'save', 'quit']:
    handlers[name] = lambda: 'handling ' + name
print({k: v() for k, v in handlers.items()})
handlers = {name: (lambda n=name: 'handling ' + n) for name in ['open', 'save', 'quit']}
print({k: v() for k, v in handlers.items()})
