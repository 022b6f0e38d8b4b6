# str() versus repr() for a variety of values
s = 'Hello, world.'
print(str(s))
print(repr(s))
print(str(1/7))
x = 10 * 3.25
y = 200 * 200
s = 'The value of x is ' + repr(x) + ', and y is ' + repr(y) + '...'
print(s)
hello = 'hello, world\n'
hellos = repr(hello)
print(hellos)
print(repr((x, y, ('spam', 'eggs'))))
values = [0, -0.0, 1e16, 1e-5, 123.0, 1/3, 2**64, float('inf'), -float('inf'),
          True, None, b'bytes\x00\xff', 'quote\'s', "dq\"s", 'tab\t', [1, [2, (3,)]],
          {'k': (1, 2)}, (), (1,), set(), frozenset(), range(3), 3+0j, -1j, bytearray(b'ab')]
for v in values:
    print(f'{type(v).__name__:>10}  str={str(v)}  repr={repr(v)}')
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f'Money({self.cents})'
    def __str__(self):
        return f'${self.cents // 100}.{self.cents % 100:02d}'
m = Money(1234)
print(m, repr(m), [m], str([m]), f'{m} {m!r}')
print(ascii('café ☕'), repr('café'), 'é'.encode('utf-8'))
