# Strings: quoting, escapes, concatenation, indexing and slicing
print('spam eggs')
print('doesn\'t')
print("doesn't")
print('"Yes," they said.')
print("\"Yes,\" they said.")
s = 'First line.\nSecond line.'
print(s)
print(repr(s))
print(r'C:\some\name')
print("""\
Usage: thingy [OPTIONS]
     -h                        Display this usage message
     -H hostname               Hostname to connect to
""")
print(3 * 'un' + 'ium')
text = ('Put several strings within parentheses '
        'to have them joined together.')
print(text)
word = 'Python'
print(word[0], word[5], word[-1], word[-2], word[-6])
print(word[0:2], word[2:5], word[:2], word[4:], word[-2:])
print(word[:2] + word[2:])
print(word[42:], word[4:42], repr(word[42:]))
try:
    word[0] = 'J'
except TypeError as e:
    print("TypeError:", e)
print('J' + word[1:], word[:2] + 'py')
print(len('supercalifragilisticexpialidocious'))
print(word[::-1], word[::2], word[1::2])
print(word.upper(), word.lower(), word.find('th'), word.replace('on', 'ON'))
print('a,b,,c'.split(','), ' x y  z '.split(), '-'.join(['2024', '01', '31']))
print('  padded  '.strip() + '|', 'hello'.center(11, '*'), '42'.zfill(5))
print('hello world'.title(), 'Hello'.startswith('He'), 'hello'.count('l'))
