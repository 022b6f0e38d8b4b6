# Handling exceptions: multiple except clauses, else, args
def parse_all(items):
    results = []
    for item in items:
        try:
            value = int(item)
        except ValueError:
            print("Oops! That was no valid number:", repr(item))
        except TypeError as err:
            print("Wrong type:", type(item).__name__)
        else:
            results.append(value)
    return results

print(parse_all(['1', 'x', '22', None, '-3', '4.5']))

class B(Exception):
    pass

class C(B):
    pass

class D(C):
    pass

for cls in [B, C, D]:
    try:
        raise cls()
    except D:
        print("D")
    except C:
        print("C")
    except B:
        print("B")

try:
    raise Exception('spam', 'eggs')
except Exception as inst:
    print(type(inst).__name__)
    print(inst.args)
    print(inst)
    x, y = inst.args
    print('x =', x)
    print('y =', y)

def this_fails():
    x = 1/0

try:
    this_fails()
except ZeroDivisionError as err:
    print('Handling run-time error:', err)

try:
    {}['missing']
except (KeyError, IndexError) as e:
    print('lookup failed:', repr(e))
try:
    [][3]
except LookupError as e:
    print('lookup failed:', e, isinstance(e, IndexError))
