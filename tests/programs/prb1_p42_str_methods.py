s = '  Hello, World!  '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip(' !')), s.lower(), s.upper(), s.swapcase())
t = 'the quick brown fox'
print(t.title(), t.capitalize(), t.split(), t.split(' ', 1), t.rsplit(' ', 1), t.partition(' '), t.rpartition(' '))
print(t.find('q'), t.find('z'), t.rfind('o'), t.index('brown'), t.count('o'), t.startswith('the'), t.endswith(('x', 'z')))
print(t.replace('o', '0'), t.replace('o', '0', 1), '-'.join(t.split()), t.center(25, '*'), t.ljust(22, '.'), t.zfill(22))
print('a,b,,c'.split(','), 'a\nb\r\nc'.splitlines(), ' a  b '.split(), 'x'.join('abc'))
print('abc123'.isalnum(), 'abc'.isalpha(), '123'.isdigit(), '   '.isspace(), 'Title Case'.istitle(), 'UP'.isupper(), 'x1'.isidentifier())
print('%s' % 'a'.join(['1', '2']), 'aBc'.casefold(), 'ß'.upper(), 'ab'.encode(), 'é'.encode('utf-8'), b'\xc3\xa9'.decode())
print('tab\tsep'.expandtabs(4), 'hello'[::-1], 'hello'[1:4], sorted('hello'), ord('A'), chr(9731))
print('abcabc'.removeprefix('ab'), 'abcabc'.removesuffix('bc'), 'hello world'.translate(str.maketrans('lo', '01', 'h')))
print(' '.join(w[::-1] for w in 'stressed desserts'.split()), max('apple', 'Banana', key=str.lower), min('xyz'))
print(str.upper('x'), 'a' < 'b' < 'ba', 'abc' * 0 == '', 'Ab' in 'xAby', len('日本語'), '日本語'[1])
