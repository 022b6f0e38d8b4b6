def http(status):
    match status:
        case 400:
            return 'Bad request'
        case 401 | 403:
            return 'Not allowed'
        case 404:
            return 'Not found'
        case _:
            return 'Other'
print([http(s) for s in (400, 403, 404, 500)])
class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x, self.y = x, y
def where(p):
    match p:
        case Point(x=0, y=0):
            return 'Origin'
        case Point(0, y):
            return f'Y={y}'
        case Point(x, 0):
            return f'X={x}'
        case Point(x, y) if x == y:
            return f'diag {x}'
        case Point():
            return 'Somewhere'
        case _:
            return 'Not a point'
print([where(p) for p in (Point(0, 0), Point(0, 5), Point(3, 0), Point(2, 2), Point(1, 2), 'x')])
def cmd(c):
    match c.split():
        case ['go', direction]:
            return f'going {direction}'
        case ['drop', *objs]:
            return f'dropping {objs}'
        case ['quit' | 'exit']:
            return 'bye'
        case [first, *_] if first.isdigit():
            return 'number'
        case []:
            return 'empty'
        case _:
            return 'unknown'
print([cmd(c) for c in ['go north', 'drop a b c', 'exit', '12 x', '', 'dance now']])
def shape(d):
    match d:
        case {'type': 'circle', 'r': r}:
            return 3 * r * r
        case {'type': 'rect', 'w': w, 'h': h, **rest}:
            return (w * h, rest)
        case (a, b):
            return a + b
        case int() | float() as num:
            return -num
        case str(s):
            return s * 2
print([shape(d) for d in [{'type': 'circle', 'r': 2}, {'type': 'rect', 'w': 2, 'h': 3, 'c': 'red'}, (1, 2), 5, 2.5, 'ab', None]])
