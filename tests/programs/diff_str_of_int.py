# str() and repr() of an int build a new str even of one digit (long_to_decimal_string), where
# chr() gives the shared latin-1 one; format() with no spec is str() for an int and the object
# itself for a str; with a spec the result of one character is the shared one again.
x = 5
print(str(3) is str(3), repr(7) is repr(7), f'{x}' is f'{x}', format(x) is format(x))
print(str(5) is chr(53), chr(97) is chr(97), f'{x!s}' is f'{x!r}')
print(format(x, 'd') is format(x, 'd'), '%d' % x is '%d' % x, f'{x:d}' is f'{x:d}')
s = 'hello'
print(format(s) is s, f'{s}' is s, str(s) is s)
print(format(2.5), format(3, ''), format('x', '<3') + '|')
try:
    format(3, 4)
except TypeError as e:
    print(e)
