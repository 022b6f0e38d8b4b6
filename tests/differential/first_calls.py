#!/usr/bin/env python3
"""First calls after a collection: what each common builtin call allocates, pymemsim vs CPython.

Each expression runs in its own interpreter, twice, right after `gc.collect()` (which empties the
free lists): the two gen0 growths show the objects the call makes and keeps, the argument tuples
and keyword dicts it packs, the bound methods and iterators it makes on the way (the first run pays
for free-listed ones, the second reuses them). A mismatch names a temporary CPython makes that
pymemsim does not model (or the reverse).

    python3 first_calls.py [--versions 3.8,3.11,...] [--pymemsim PATH] [--workers 2] [EXPR ...]

Prints one line per mismatching (version, expression) and a count."""
import argparse, concurrent.futures, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CPYTHON = os.path.join(HERE, "..", "..", "..", "shared", "tools", "cpython")
SETUP = """import gc
gc.disable()
class C:
    pass
o = C()
o.x = 1
s = 'abc'
st = {1, 2}
d = {'a': 1}
L = [3, 1, 2]
t = (1, 2)
b = b'abc'
ba = bytearray(b'ab')
"""
EXPRS = r"""
s.startswith('a')
s.find('b')
s.count('b')
s.index('b')
s.replace('a', 'b')
s.split(',')
s.join(['x', 'y'])
'{} {}'.format(1, 2)
'{x}'.format(x=1)
f'{2.5:.1f}'
s.encode()
s.partition('b')
s.translate({})
st.update([1])
st.union([1])
st.intersection([1])
st.issubset([1])
st.isdisjoint([5])
d.update(x=1)
d.update({'z': 3})
d.get('a')
d.pop('zz', None)
d.setdefault('a', 1)
dict(a=1)
dict([('a', 1)])
dict.fromkeys(L)
L.index(1)
L.sort(key=abs)
sorted(L)
sorted(L, reverse=True)
max(L)
min(L, key=abs)
sum(L)
sum(L, start=0)
getattr(o, 'x', None)
hasattr(o, 'x')
vars(o)
dir(o)
divmod(7, 2)
round(2.567, 2)
iter(L)
next(iter(L))
enumerate(L)
enumerate(L, start=1)
zip(L, L)
list(zip(L, range(2)))
map(abs, L)
filter(None, L)
reversed(L)
reversed(t)
list(range(3))
tuple(L)
tuple(range(5))
tuple(range(15))
set(L)
frozenset(L)
frozenset()
repr(L)
repr(st)
repr(set())
format(5, 'x')
print(end='')
type(o)
C()
any(L)
all(L)
property(abs).setter(abs)
""".strip().split("\n")


def program(expr):
    return SETUP + f"""gc.collect()
gc.get_count()
_a = gc.get_count()[0]
_r = {expr}
del _r
_b = gc.get_count()[0]
_r = {expr}
del _r
_c = gc.get_count()[0]
print(_b - _a, _c - _b)
"""


def run(cmd, path):
    p = subprocess.run(cmd + [path], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONHASHSEED": "0"})
    lines = (p.stdout + p.stderr).strip().splitlines()
    return lines[-1] if lines else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--versions", default="3.8,3.11,3.12,3.13,3.14,3.15")
    ap.add_argument("--pymemsim", default=os.environ.get("PYMEMSIM", os.path.join(HERE, "..", "..", "target", "release", "pymemsim")))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("exprs", nargs="*")
    args = ap.parse_args()
    exprs = args.exprs or EXPRS
    work = tempfile.mkdtemp(prefix="first-calls-")
    jobs = []
    for i, e in enumerate(exprs):
        path = os.path.join(work, f"call_{i:03d}.py")
        with open(path, "w") as f:
            f.write(program(e))
        for v in args.versions.split(","):
            jobs.append((v, e, path))

    def one(job):
        v, e, path = job
        return v, e, run([CPYTHON, v], path), run([args.pymemsim, "run", "--python", v], path)

    bad = 0
    with concurrent.futures.ThreadPoolExecutor(args.workers) as ex:
        for v, e, real, sim in ex.map(one, jobs):
            if real != sim:
                bad += 1
                print(f"{v} | {e} | CPython {real} | pymemsim {sim}")
    print(f"{bad} mismatching of {len(jobs)} (version, call) pairs")


if __name__ == "__main__":
    sys.exit(main())
