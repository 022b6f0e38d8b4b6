import gc
def worker(name):
    print(name, 'start')
    try:
        while True:
            x = yield
            print(name, 'got', x)
    except GeneratorExit:
        print(name, 'GeneratorExit')
    finally:
        print(name, 'finally')
g = worker('g1')
next(g); g.send(1); g.send(2)
g.close()
print('closed', g.gi_frame is None)
g2 = worker('g2')
next(g2)
del g2
print('after del g2')
g3 = worker('g3')
next(g3)
try:
    g3.throw(ValueError('boom'))
except ValueError as e:
    print('propagated', e)
def unstarted():
    try:
        yield 1
    finally:
        print('never printed')
u = unstarted()
del u
print('unstarted gone')
def gen():
    yield 1
    yield 2
x = gen()
print(x.gi_running, next(x), x.gi_frame is not None)
print(list(x), x.gi_frame)
def bad_close():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad_close(); next(b)
try:
    b.close()
except RuntimeError as e:
    print('RuntimeError', e)
