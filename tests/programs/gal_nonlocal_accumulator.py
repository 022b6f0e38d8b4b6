# nonlocal state: running averages, a toggle, and an event log shared by closures
def running_average():
    total = 0
    count = 0
    def add(x):
        nonlocal total, count
        total += x
        count += 1
        return total / count
    return add

avg = running_average()
for v in [10, 20, 30, 40]:
    print('avg so far', avg(v))

def make_toggle():
    state = False
    def toggle():
        nonlocal state
        state = not state
        return state
    return toggle

t = make_toggle()
print([t() for _ in range(5)])

def outer():
    x = 1
    def middle():
        x = 2
        def inner():
            nonlocal x
            x += 10
            return x
        r = inner()
        return r, x
    res = middle()
    return res, x

print(outer())

def make_logger():
    log = []
    def record(event):
        log.append(event)   # mutating, no nonlocal needed
    def clear():
        nonlocal log
        old, log = log, []
        return old
    def view():
        return tuple(log)
    return record, clear, view

record, clear, view = make_logger()
record('start')
record('step')
print(view())
print(clear(), view())
record('again')
print(view())
