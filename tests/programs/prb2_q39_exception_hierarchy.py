class AppError(Exception):
    code = 1
class NetworkError(AppError):
    code = 10
class TimeoutErr(NetworkError):
    code = 11
    def __init__(self, secs):
        super().__init__(f'timed out after {secs}s')
        self.secs = secs
class ValidationError(AppError, ValueError):
    code = 20
def risky(kind):
    trail = []
    try:
        trail.append('try')
        if kind == 'timeout': raise TimeoutErr(3)
        if kind == 'valid': raise ValidationError('bad input')
        if kind == 'key': raise KeyError(kind)
        trail.append('no error')
    except NetworkError as e:
        trail.append(f'net:{e.code}:{e}')
    except ValueError as e:
        trail.append(f'value:{type(e).__name__}:{isinstance(e, AppError)}')
    else:
        trail.append('else')
    finally:
        trail.append('finally')
    return trail
for k in ['ok', 'timeout', 'valid']:
    print(risky(k))
try:
    risky('key')
except LookupError as e:
    print('escaped:', repr(e))
def f():
    try:
        return 'try'
    finally:
        print('finally runs before return')
print(f())
def g():
    for i in range(3):
        try:
            if i == 1: continue
            if i == 2: break
        finally:
            print('cleanup', i)
    return i
print(g())
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise AppError('wrapped') from e
except AppError as e:
    print(e, '<-', repr(e.__cause__), e.__suppress_context__)
print([c.__name__ for c in ValidationError.__mro__])
