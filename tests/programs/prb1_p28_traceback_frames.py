import gc, sys
class Big:
    def __del__(self):
        print('Big freed')
def fail():
    local = Big()
    raise ValueError('oops')
try:
    fail()
except ValueError as e:
    saved = e
print('except done')
tb = saved.__traceback__
print(tb.tb_frame.f_code.co_name, tb.tb_next.tb_frame.f_code.co_name, tb.tb_next.tb_next)
print(type(tb.tb_next.tb_frame.f_locals['local']).__name__)
del tb
saved = None
print('dropped exception')
gc.collect()
try:
    fail()
except ValueError:
    print('handled, name not saved')
print('after')
def chained():
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise KeyError('k') from e
try:
    chained()
except KeyError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__, type(e.__context__).__name__)
try:
    try:
        [][1]
    except IndexError:
        {}['x']
except KeyError as e:
    print(repr(e), repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        raise OSError('a')
    except OSError:
        raise RuntimeError('b') from None
except RuntimeError as e:
    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)
try:
    raise ValueError
except ValueError as e:
    pass
try:
    e
except NameError as ne:
    print('NameError', ne)
