# numbers: int/float/complex ops, divmod, rounding, bases
vals = [17, -17, 3.75, -3.75, 2**70]
for v in vals:
    print(v, v // 4, v % 4, divmod(v, 4) if isinstance(v, int) else round(v, 1))
print(round(2.5), round(3.5), round(-0.5), round(1.25, 1), round(1234, -2))
print(int('ff', 16), int('0b1011', 0), int('  42  '), float('1e-3'))
print(hex(255), oct(8), bin(10), (255).bit_length(), (-1).bit_length())
c = complex(3, 4)
print(c, abs(c), c.conjugate(), c * 1j, c.real + c.imag)
print(7 / 2, 7 // 2, -7 // 2, 7 % -2, 2 ** -1, pow(3, 4, 5))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, abs((0.1 + 0.2) - 0.3) < 1e-9)
print((1.5).as_integer_ratio(), (10).to_bytes(2, 'big'), int.from_bytes(b'\x01\x00', 'little'))
print(float('inf') > 10**100, float('nan') == float('nan'), -0.0, 1e16, 1e15, 123456789.0*10)
print(sum([0.1]*10), max(3, 7.0, 5), min('b', 'a', 'c'))
print(True + True, True * 10, int(True), bool(0.0), bool(''), bool('0'))
