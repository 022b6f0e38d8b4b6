# Raising exceptions and clean-up actions with finally
try:
    raise NameError('HiThere')
except NameError:
    print('An exception flew by!')

def divide(x, y):
    try:
        result = x / y
    except ZeroDivisionError:
        print("division by zero!")
    else:
        print("result is", result)
    finally:
        print("executing finally clause")

divide(2, 1)
divide(2, 0)
try:
    divide("2", "1")
except TypeError:
    print('TypeError propagated after finally')

def bool_return():
    try:
        return True
    finally:
        print('finally runs before the return completes')

print(bool_return())

def count_attempts():
    log = []
    for i in range(3):
        try:
            if i == 1:
                continue
            log.append(('body', i))
        finally:
            log.append(('finally', i))
    return log

print(count_attempts())

def reraise():
    try:
        raise ValueError('inner problem')
    except ValueError:
        print('logging and re-raising')
        raise

try:
    reraise()
except ValueError as e:
    print('outer caught:', e)
