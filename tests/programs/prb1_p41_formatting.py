name, n, pi = 'Ada', 42, 3.14159265
print(f'{name!r:>8}|{name:<6}|{name:^9}|{name:*^9}|')
print(f'{n:05d} {n:x} {n:X} {n:o} {n:b} {n:#x} {n:#b} {n:+d} {-n: d} {n:,} {10**7:_}')
print(f'{pi:.2f} {pi:10.3f} {pi:<10.1f}| {pi:e} {pi:.3g} {1e-7:g} {12345678.9:,.2f} {0.25:.1%}')
print(f'{n=} {pi*2=:.3f} {name.upper()=}')
print('{} {} {}'.format(1, 'a', [2]), '{1}{0}{1}'.format('x', 'y'), '{k}-{v}'.format(k='K', v='V'))
print('%s is %d years, %.1f%% done, %5s|%-5s|' % ('Bob', 30, 99.5, 'r', 'l'), '%(a)s %(b)03d' % {'a': 'A', 'b': 7})
print(format(255, '08b'), format(3.5, '^10'), format('s', '>3'), repr(format(0.1, '.20f')))
width, prec = 12, 4
print(f'{pi:{width}.{prec}f}|', f'{"nested":{"^"}{width}}|')
table = {'Sjoerd': 4127, 'Jack': 4098, 'Dcab': 7678}
for nm, phone in table.items():
    print(f'{nm:10} ==> {phone:10d}')
print(str(1/3), repr(1/3), str(1e16), str(1e-5), str(123456789012345678.0), 1.0, -0.0, float('inf'))
print(repr('it\'s'), repr("say \"hi\""), repr('tab\there'), repr('é\n'), ascii('é'), str(b'x\x00'))
print(f"{'a' 'b'}", f'{3:{"d"}}', f'{{literal}}', f'{[1,2][0]}')
print(str(12.0), str(1.5e300 * 1.5e10), 2.5e-324 == 0, 1e22, 1e21, 123e-20)
