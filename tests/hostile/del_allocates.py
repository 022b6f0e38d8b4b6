# expect: exit 2, stderr "limit reached"
# Each __del__ replaces the list whose release called it: CPython recurses until its
# RecursionError, prints "Exception ignored" without end and grows to gigabytes; pymemsim
# stops at its object limit, or its output limit (32 MiB) when events are not recorded.
class D:
    def __del__(self):
        global keep
        keep = [D() for i in range(10)]
keep = [D()]
while True:
    keep = None
