# Using Python as a calculator: ints, floats, division and powers
print(2 + 2)
print(50 - 5 * 6)
print((50 - 5 * 6) / 4)
print(8 / 5)
print(17 / 3)
print(17 // 3)
print(17 % 3)
print(5 * 3 + 2)
print(-17 // 3, -17 % 3)
print(5 ** 2, 2 ** 7, 2 ** 100)
print(2 ** -1)
width = 20
height = 5 * 9
print(width * height)
print(4 * 3.75 - 1)
tax = 12.5 / 100
price = 100.50
total = price * tax
print(total)
print(round(price + total, 2))
print(divmod(100, 7))
print(abs(-3.5), int(3.99), int(-3.99), float(7))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10) == 0.3)
print(3 + 4j, (1 + 2j) * (3 - 1j), abs(3 + 4j))
print(10 ** 20 + 1, type(10 ** 20), type(1.0), type(1j))
print(int("42") + int("0x1f", 16), bin(10), hex(255), oct(8))
print(1e3, 1.5e-4, 123456789.0 * 1000000000000)
