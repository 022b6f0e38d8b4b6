# Iterating over strs with characters of one to four bytes in UTF-8: every character once,
# in order (the iterator keeps a byte offset, so a long str is walked in linear time).
text = "h\u00e9llo w\u00f6rld \u20ac\U0001F600!" * 3
out = []
for ch in text:
    out.append(ch)
print(len(out), "".join(out) == text, out[:4])
it = iter("ab\u00e9")
print(next(it), next(it), next(it))
print([c for c in "x\u00ffy"], list("\u20ac1"))
big = "ab" * 2500
n = 0
for c in big:
    n += 1
print(n)
