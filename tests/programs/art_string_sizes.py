# PEP 393 compact strings: the width of the widest character decides the size.
import sys

for text in ["", "a", "ab", "abcd" * 10, "é", "é" * 10, "€", "€" * 10, "😀", "😀" * 10]:
    print(f"len {len(text):3} max code point {max(map(ord, text), default=0):6} -> {sys.getsizeof(text)}")
mixed = "a" * 9 + "€"
print("9 ascii + 1 euro:", sys.getsizeof(mixed), "per-char width", (sys.getsizeof(mixed + "€") - sys.getsizeof(mixed)))
print("bytes of 10:", sys.getsizeof(b"0123456789"))
