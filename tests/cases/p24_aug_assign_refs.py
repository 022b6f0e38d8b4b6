# Augmented assignment on lists is in place; on ints and tuples it rebinds.
import sys
l = [1]
alias = l
l += [2, 3]
print(l is alias, alias)
t = (1,)
talias = t
t += (2,)
print(t is talias, talias, t)
n = 10
n -= 3; n *= 2; n //= 3; n **= 2; n %= 7
print(n)
s = "a"
s += "b" * 3
print(s)
obj = object()
holder = [obj]
holder[0] = None
print("slot overwritten releases the reference:", sys.getrefcount(obj))
