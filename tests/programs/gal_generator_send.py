# Generators as coroutines: send(), priming with next(), close() and return values
def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            break
        total += value
        count += 1
        average = total / count
    return (count, average)

avg = averager()
print(next(avg))
print(avg.send(10))
print(avg.send(30))
print(avg.send(5))
try:
    avg.send(None)
except StopIteration as stop:
    print('finished with', stop.value)

def echo():
    print('  echo started')
    try:
        while True:
            received = yield
            print('  got', received)
    finally:
        print('  echo closing')

e = echo()
next(e)
e.send('hello')
e.send([1, 2])
e.close()

def accumulate_until(limit):
    total = 0
    while total < limit:
        x = yield total
        total += x
    return total

def delegator(results):
    r = yield from accumulate_until(10)
    results.append(r)

results = []
d = delegator(results)
print(next(d), d.send(3), d.send(4))
try:
    d.send(5)
except StopIteration:
    pass
print('subgenerator returned', results)

def counter():
    n = 0
    while True:
        cmd = yield n
        if cmd == 'reset':
            n = 0
        else:
            n += 1

c = counter()
print([next(c), next(c), next(c), c.send('reset'), next(c)])
