# A lazy generator pipeline over log lines, with yield from and chained stages
log = """\
INFO start server
WARN disk 81%
INFO request /home 200
ERROR request /admin 500
INFO request /about 200
WARN memory 91%
ERROR request /login 503
INFO stop server"""

def read_lines(text):
    for line in text.splitlines():
        print('  read:', line[:12])
        yield line

def parse(lines):
    for line in lines:
        level, _, message = line.partition(' ')
        yield level, message

def only(levels, records):
    for level, message in records:
        if level in levels:
            yield level, message

pipeline = only({'ERROR', 'WARN'}, parse(read_lines(log)))
print('pipeline built, nothing read yet')
first = next(pipeline)
print('first:', first)
for rec in pipeline:
    print('next :', rec)

def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item

print(list(flatten([1, [2, [3, [4, 5]], 6], [[7]], 8])))

def take(n, gen):
    for _ in range(n):
        yield next(gen)

def naturals():
    n = 1
    while True:
        yield n
        n += 1

evens = (n for n in naturals() if n % 2 == 0)
squares = (n * n for n in evens)
print(list(take(6, squares)))
