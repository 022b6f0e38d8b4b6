vals = [0.1, 1/3, 2/3, 1e22, 1e-5, 123456789012345678.0, 1.5e300 * 1e10, -1e-320, 2.675, 0.5, 1.0, 100.0]
for v in vals:
    print(repr(v), str(v), round(v, 2), f'{v:.3e}', v.is_integer())
print(round(2.675, 2), round(0.125, 2), round(0.375, 2), round(-1.5), round(2.5), round(7.0))
print((0.1).hex(), float.fromhex('0x1.8p1'), (2.5).as_integer_ratio(), float(2**53 + 1))
print(divmod(-7.5, 2), divmod(7.5, -2), -7.5 % 2, 7 // -2.0, 1e308 * 10, -1e308 * 10)
print(int(1e20), int(-2.9), int(2.9), float('-0'), 0.0 == -0.0, str(-0.0))
print(10**20 / 3, 10**20 // 3, 2**64 - 1, -(2**63), 12345678901234567890 * 98765432109876543210)
print(sum(i / 7 for i in range(1, 8)), 1 / 7 * 7, 3 * 0.1, 0.1 * 3 == 0.3)
print(float(10**400 // 10**390), 5e-324, 5e-324 / 2, 1.7976931348623157e308)
print(str(1e16), str(1e15), str(123456789.123456789), str(0.0001), str(0.00001))
print(f'{1e16:f}', f'{0.1:.20f}', f'{2/3:.17g}', format(1e100, '.2e'), '%g' % 1e-5, '%g' % 123456789)
