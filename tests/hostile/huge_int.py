# expect: exit 2, stderr "not supported in pymemsim: an int of about"
# CPython computes it (42 MB of digits) in seconds; pymemsim's arithmetic would take far
# longer, so it says so instead.
x = 10 ** 10 ** 8
