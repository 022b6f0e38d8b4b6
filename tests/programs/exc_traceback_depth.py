# Each frame an exception passes through adds one traceback entry.
def level(n):
    if n == 0:
        raise RuntimeError("bottom")
    return level(n - 1)

def depth(tb):
    d = 0
    while tb:
        d += 1
        tb = tb.tb_next
    return d

for n in (0, 1, 5):
    try:
        level(n)
    except RuntimeError as e:
        print("recursion", n, "-> traceback entries:", depth(e.__traceback__))

def reraiser():
    try:
        level(2)
    except RuntimeError:
        raise

try:
    reraiser()
except RuntimeError as e:
    print("bare raise keeps the chain:", depth(e.__traceback__))
    tb = e.__traceback__
    names = []
    while tb:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(names)
