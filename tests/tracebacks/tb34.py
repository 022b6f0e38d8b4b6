# A str repeated past the longest length a str can have, in characters ("\u00e9" is two
# bytes in UTF-8 but one character): OverflowError, where a list repeated as far gives
# MemoryError.
n = 2**62
short = "\u00e9" * 3
print(len(short))
text = "\u00e9\u00e9" * n
