# Repetition of each sequence type by an int on either side (a bool counts as its int): which
# results are the operand itself, which the shared empty objects, which new objects.
t = (1, 2)
s = "abc"
lst = [1]
b = b"xy"
empty_t = ()
empty_s = ""
empty_b = b""
print(t * 1 is t, 1 * t is t, t * 0 is empty_t, empty_t * 7 is empty_t, -1 * t)
print(s * 1 is s, 1 * s is s, s * 0 is empty_s, empty_s * 4 is empty_s, 3 * s)
print(b * 1 is b, b * 0 is empty_b, b * 0, empty_b * 5 is empty_b, 2 * b)
print(lst * 1 is lst, lst * 0, 2 * lst, [] * 3, [1, 2] * 2)
print(True * s, s * False, t * True is t, [None] * True)
u = "\u00e9\u20ac"
print(u * 3, len(u * 100), u * 1 is u)
