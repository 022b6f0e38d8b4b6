class Config:
    base = 10
    names = ['a', 'b', 'c']
    indexed = {n: i for i, n in enumerate(names)}
    try:
        scaled = [base * i for i in range(3)]
    except NameError as e:
        scaled = 'NameError'
    first = [n for n in names][0]
print(Config.indexed, Config.scaled, Config.first)
x = 'global x'
def f():
    x = 'local x'
    class Inner:
        y = x
        def m(self): return x
    return Inner.y, Inner().m()
print(f())
def counter_gen():
    return [i for i in range(3)], 'i' in dir()
print(counter_gen())
funcs = {}
for name in ['a', 'b']:
    def make(n=name): return n * 2
    funcs[name] = make
print({k: v() for k, v in funcs.items()})
total = 0
result = [total := total + v for v in [1, 2, 3]]
print(result, total)
def gen_scope():
    y = 5
    g = (y * i for i in range(3))
    y = 100
    return list(g)
print(gen_scope())
g2 = (i for i in [1, 2, 3] if i > 1)
print(list(g2))
