# tutorial ch3: numbers, strings, lists
print(17 / 3, 17 // 3, 17 % 3, 5 ** 2, -7 // 2, -7 % 2)
print(2 ** 100, (2 ** 100) % 97, divmod(-17, 5))
print(3 * 3.75 / 1.5, 7.0 / 2, round(2.675, 2), round(3.5), round(4.5))
word = 'Python'
print(word[0], word[-1], word[0:2], word[2:], word[:2] + word[2:], word[-2:])
print('doesn\'t', "isn't", r'C:\some\name', len('supercalifragilistic'))
print('Py' 'thon', 3 * 'un' + 'ium')
s = """\
Usage: thingy [OPTIONS]
     -h    Display this usage message"""
print(s)
squares = [1, 4, 9, 16, 25]
print(squares[-3:], squares + [36, 49], squares[:])
cubes = [1, 8, 27, 65, 125]
cubes[3] = 64
cubes.append(216)
cubes.append(7 ** 3)
print(cubes)
letters = list('abcdefg')
letters[2:5] = ['C', 'D', 'E']
print(letters)
letters[2:5] = []
print(letters, len(letters))
letters[:] = []
print(letters)
a, b = 0, 1
while a < 100:
    print(a, end=',')
    a, b = b, a + b
print()
print(0.1 + 0.2, 1e308 * 10, -1e308 * 10, 10 ** 20 / 3, complex(1, 2) * 1j)
print(int('0x1f', 16), hex(255), oct(8), bin(5), int('101', 2), float('1.5e3'))
