# sys.getsizeof for the basic scalar types, as in every memory article.
import sys

samples = [
    ("0", 0), ("1", 1), ("2**30 - 1", 2**30 - 1), ("2**30", 2**30),
    ("2**60", 2**60), ("2**90", 2**90), ("-1", -1),
    ("True", True), ("None", None), ("1.0", 1.0), ("1j", 1j),
    ("''", ""), ("'a'", "a"), ("'abc'", "abc"), ("'é'", "é"), ("'€'", "€"),
    ("'😀'", "😀"), ("b''", b""), ("b'abc'", b"abc"),
]
for label, value in samples:
    print(f"{label:>10} {type(value).__name__:>8} {sys.getsizeof(value)}")
