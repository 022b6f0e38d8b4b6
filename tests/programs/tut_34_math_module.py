# The math module and some numeric builtins
import math
print(math.pi, math.e, math.tau)
print(math.sqrt(16), math.sqrt(2))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), round(2.5), round(3.5), round(-2.5))
print(math.factorial(20), math.gcd(84, 36), math.comb(10, 3), math.perm(5, 2))
print(math.cos(math.pi / 4), math.sin(0), math.degrees(math.pi), math.radians(180))
print(math.log(1024, 2), math.log10(1000), math.log2(8), math.log(math.e))
print(math.hypot(3, 4), math.fabs(-7), math.pow(2, 10), math.copysign(3, -0.0))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isinf(1e308 * 10))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]))
print(math.isqrt(99), math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4))
print(max(3, 7, 1), min([4, 2, 8]), sum([1, 2, 3], 10), pow(3, 4, 5), pow(2, -2))

def is_prime(n):
    if n < 2:
        return False
    for d in range(2, math.isqrt(n) + 1):
        if n % d == 0:
            return False
    return True

print([n for n in range(50) if is_prime(n)])
from fractions import Fraction
from decimal import Decimal
print(Fraction(1, 3) + Fraction(1, 6), Fraction('0.75'), Fraction(3, 4) * 2)
print(Decimal('0.1') + Decimal('0.2'), Decimal(1) / Decimal(7))
print(round(Decimal('2.675'), 2), round(2.675, 2), (2.5).as_integer_ratio(), (0.5).hex())
