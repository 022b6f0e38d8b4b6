def read_lines():
    text = "10 apples\n3 pears\n\n# comment\n7 plums\n12 figs"
    for line in text.split('\n'):
        yield line
def non_blank(lines):
    for l in lines:
        if l and not l.startswith('#'):
            yield l
def parse(lines):
    for l in lines:
        n, name = l.split()
        yield name, int(n)
pipeline = parse(non_blank(read_lines()))
inventory = dict(pipeline)
print(inventory)
def running_avg():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        total += value; count += 1
        avg = total / count
g = running_avg(); next(g)
print([g.send(v) for v in (10, 20, 30, 0)])
def chain_all(*its):
    for it in its:
        yield from it
    return 'finished'
def wrapper():
    res = yield from chain_all('ab', [1, 2])
    yield res
print(list(wrapper()))
gen = (x * x for x in range(5) if x % 2 == 0)
print(gen.__name__ if hasattr(gen, '__name__') else '', list(gen), list(gen))
def take(n, it):
    for _, v in zip(range(n), it):
        yield v
def naturals():
    n = 1
    while True:
        yield n; n += 1
print(list(take(5, (n for n in naturals() if n % 3 == 0))))
