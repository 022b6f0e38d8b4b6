# Exception chaining: raise ... from, implicit __context__, from None
def func():
    raise ConnectionError('cannot reach server')

try:
    try:
        func()
    except ConnectionError as exc:
        raise RuntimeError('Failed to open database') from exc
except RuntimeError as e:
    print('error:', e)
    print('cause:', repr(e.__cause__))
    print('suppress context:', e.__suppress_context__)

try:
    try:
        open_result = {}['config']
    except KeyError:
        raise ValueError('config missing')
except ValueError as e:
    print('error:', e)
    print('context:', repr(e.__context__))
    print('cause:', e.__cause__)

try:
    try:
        int('abc')
    except ValueError:
        raise LookupError('replaced') from None
except LookupError as e:
    print('error:', e, '| cause:', e.__cause__, '| suppressed:', e.__suppress_context__)
    print('context still kept:', type(e.__context__).__name__)

def chain_depth(exc):
    n = 0
    while exc is not None:
        print('  ' * n + type(exc).__name__ + ': ' + str(exc))
        exc = exc.__cause__ or exc.__context__
        n += 1

try:
    try:
        try:
            1 / 0
        except ZeroDivisionError as a:
            raise ValueError('level 2') from a
    except ValueError:
        raise KeyError('level 3')
except KeyError as top:
    chain_depth(top)
