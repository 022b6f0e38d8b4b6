# Formatted string literals with format specifiers
import math
year = 2016
event = 'Referendum'
print(f'Results of the {year} {event}')
print(f'The value of pi is approximately {math.pi:.3f}.')
table = {'Sjoerd': 4127, 'Jack': 4098, 'Dcab': 7678}
for name, phone in table.items():
    print(f'{name:10} ==> {phone:10d}')
animals = 'eels'
print(f'My hovercraft is full of {animals}.')
print(f'My hovercraft is full of {animals!r}.')
bugs = 'roaches'
count = 13
area = 'living room'
print(f'Debugging {bugs=} {count=} {area=}')
n = 1234567.891
print(f'{n:,.2f}|{n:_.1f}|{n:e}|{n:.3g}|{int(n):x}|{int(n):#o}|{255:08b}')
print(f'[{"left":<10}][{"right":>10}][{"mid":^10}][{"fill":*^10}]')
print(f'{0.25:.1%} {-5:+d} {5:+d} {5: d} {42:>6} {3.14159:10.4f}|')
width, precision = 12, 4
print(f'[{math.e:{width}.{precision}f}]')
items = ['apple', 'kiwi']
print(f'{len(items)} items: {", ".join(items)} and {items[0].upper()!s}')
print(f'{{literal braces}} {7 * 6} {"nested " + "expr"}')
for i in range(1, 4):
    print(f'{i:2d} {i*i:3d} {i*i*i:4d}')
print(f'{True!r} {None} {[1, "a"]} {(1,)!s}')
