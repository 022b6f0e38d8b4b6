# Structural pattern matching with match/case (Python 3.10+)
def http_error(status):
    match status:
        case 400:
            return "Bad request"
        case 404:
            return "Not found"
        case 418:
            return "I'm a teapot"
        case 401 | 403:
            return "Not allowed"
        case _:
            return "Something's wrong with the internet"

for code in [400, 404, 418, 403, 500]:
    print(code, http_error(code))

def where(point):
    match point:
        case (0, 0):
            return "Origin"
        case (0, y):
            return f"Y={y}"
        case (x, 0):
            return f"X={x}"
        case (x, y) if x == y:
            return f"Diagonal at {x}"
        case (x, y):
            return f"X={x}, Y={y}"
        case _:
            return "Not a point"

for p in [(0, 0), (0, 5), (3, 0), (2, 2), (1, 7), "nope"]:
    print(p, '->', where(p))

class Point:
    __match_args__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y

def describe(obj):
    match obj:
        case Point(x=0, y=0):
            return "point at origin"
        case Point(0, y):
            return f"point on y axis at {y}"
        case Point():
            return "some other point"
        case [first, *rest]:
            return f"sequence starting with {first}, {len(rest)} more"
        case {"action": action, **others}:
            return f"command {action} with {sorted(others)}"
        case str() as s:
            return f"string of length {len(s)}"
        case _:
            return "unknown"

for thing in [Point(0, 0), Point(0, 4), Point(1, 1), [1, 2, 3], {"action": "go", "speed": 3}, "hey", 3.5]:
    print(describe(thing))
