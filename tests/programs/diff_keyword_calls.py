# Calls with keyword arguments: 3.11 builds an Argument Clinic parser's keyword tuple on its first
# use (3.12 made them static); types and METH_VARARGS functions without vectorcall get their
# arguments in a tuple and a dict (_PyObject_MakeTpCall), as int() and str() still do with
# keywords after 3.13 gave them vectorcall. Each line: gen0 growth of the first call after a full
# collection, then of a second call.
import gc
gc.disable()
x = [3, 1, 2]
def d(label, f):
    gc.collect(); gc.get_count()
    a = gc.get_count()[0]; f(); b = gc.get_count()[0]
    f(); c = gc.get_count()[0]
    print(label, b - a, c - b)
d("sorted_rev", lambda: sorted(x, reverse=True))
d("sorted", lambda: sorted(x))
d("sort_rev", lambda: x.sort(reverse=True))
d("str", lambda: str(x))
d("int_base", lambda: int('5', base=10))
d("int", lambda: int('5'))
d("int_pos_base", lambda: int('5', 10))
d("max_key", lambda: max(x, key=abs))
d("enc", lambda: 'a'.encode(encoding='utf-8'))
d("split", lambda: 'a b'.split(maxsplit=1))
d("rsplit", lambda: 'a b'.rsplit(maxsplit=1))
d("decode", lambda: b'a'.decode(encoding='utf-8'))
d("splitlines", lambda: 'a\nb'.splitlines(keepends=True))
d("round", lambda: round(2.5, ndigits=0))
d("print_kw", lambda: print('x', end='\n'))
