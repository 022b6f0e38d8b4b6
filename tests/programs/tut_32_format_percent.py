# str.format() and old-style % formatting
yes_votes = 42_572_654
no_votes = 43_132_495
percentage = yes_votes / (yes_votes + no_votes)
print('{:-9} YES votes  {:2.2%}'.format(yes_votes, percentage))
print('We are the {} who say "{}!"'.format('knights', 'Ni'))
print('{0} and {1}'.format('spam', 'eggs'))
print('{1} and {0}'.format('spam', 'eggs'))
print('This {food} is {adjective}.'.format(food='spam', adjective='absolutely horrible'))
print('The story of {0}, {1}, and {other}.'.format('Bill', 'Manfred', other='Georg'))
table = {'Sjoerd': 4127, 'Jack': 4098, 'Dcab': 8637678}
print('Jack: {0[Jack]:d}; Sjoerd: {0[Sjoerd]:d}; Dcab: {0[Dcab]:d}'.format(table))
print('Jack: {Jack:d}; Sjoerd: {Sjoerd:d}; Dcab: {Dcab:d}'.format(**table))
for x in range(1, 11):
    print('{0:2d} {1:3d} {2:4d}'.format(x, x*x, x*x*x))
for x in range(1, 4):
    print(repr(x).rjust(2), repr(x*x).rjust(3), end=' ')
    print(repr(x*x*x).rjust(4))
print('12'.zfill(5), '-3.14'.zfill(7), '3.14159265359'.zfill(5))
import math
print('The value of pi is approximately %5.3f.' % math.pi)
print('%s has %d items costing %.2f (%r)' % ('cart', 3, 9.5, 'x'))
print('%-6s|%6s|%06.2f|%x|%o|%e|%%' % ('ab', 'cd', 3.14159, 255, 8, 12345.678))
print('%(name)s is %(age)d' % {'name': 'Ada', 'age': 36})
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
p = Point(3, 4)
print('Point at ({0.x}, {0.y})'.format(p), '{:>8}'.format('r'), '{:^7}|'.format('c'))
