import sys, gc
class Marker:
    def __init__(self, n): self.n = n
    def __del__(self): print('freed', self.n)
def gen():
    m = Marker('gen-local')
    yield 1
    yield 2
g = gen()
print(next(g))
print('generator suspended')
del g
print('generator deleted')
def fail():
    m = Marker('frame-local')
    raise ValueError('boom')
try:
    fail()
except ValueError as e:
    err = e
print('caught; marker alive via traceback')
del err
print('exception dropped')
try:
    fail()
except ValueError:
    info = sys.exc_info()
print(info[0].__name__)
info = None
print('exc_info dropped')
def keep_tb():
    try:
        fail()
    except ValueError as e:
        return e.__traceback__
tb = keep_tb()
print(tb.tb_next.tb_frame.f_code.co_name)
tb = None
print('done')
