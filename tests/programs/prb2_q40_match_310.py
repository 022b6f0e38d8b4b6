# requires Python 3.10+ (match statement)
from dataclasses import dataclass
@dataclass
class Move:
    dx: int
    dy: int
def handle(cmd):
    match cmd:
        case ['go', ('north' | 'south') as d]:
            return f'vertical {d}'
        case ['go', d]:
            return f'go {d}'
        case ['take', *items] if items:
            return f'take {len(items)}: {",".join(items)}'
        case {'action': 'say', 'text': str(t)}:
            return f'say {t!r}'
        case Move(dx=0, dy=0):
            return 'stay'
        case Move(dx, dy) if dx == dy:
            return f'diagonal {dx}'
        case Move():
            return f'move {cmd.dx},{cmd.dy}'
        case int(n) | float(n) if n < 0:
            return 'negative'
        case 0 | 1:
            return 'bit'
        case str() as s if len(s) > 3:
            return 'long string'
        case (a, b, *rest):
            return f'seq {a} {b} +{len(rest)}'
        case None:
            return 'none'
        case _:
            return 'unknown'
for c in [['go', 'north'], ['go', 'east'], ['take', 'key', 'map'], ['take'], {'action': 'say', 'text': 'hi', 'x': 1},
          Move(0, 0), Move(2, 2), Move(1, 3), -5, -0.5, 1, True, 'hello', 'hi', (1, 2, 3, 4), None, 3.5]:
    print(repr(c), '->', handle(c))
