#!/usr/bin/env python3
"""Minimize a program on which pymemsim and CPython differ, and keep it in found/.

    python3 minimize.py PROG.py --version 3.12 [--name short-name]
    python3 minimize.py --results /tmp/pymemsim-differential/results.jsonl   # every distinct mismatch

Delta debugging over lines: chunks of lines (halves, quarters, ... single lines) and whole blocks
(a line ending in ':' with its indented body) are removed while the program still mismatches in the
same way: CPython still runs it with the same exit status (so it still parses, and no new exception
appears), the run is still a mismatch of the same kind (stdout / stderr / exit status / panic /
timeout), and the first differing line is the same once digits are ignored. The result goes to
found/<name>.py, whose first comment line says what differs, with found/<name>.<version>.expected
holding CPython's stdout for every version on which it mismatches.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import math
import re
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run as R  # noqa: E402

FOUND = HERE / "found"
ALL_VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]


def norm(text):
    return re.sub(r"\d+", "#", text)


class Oracle:
    """Runs candidates of one program on one version, with a cache."""

    def __init__(self, version, pymemsim, cpython, workdir, timeout):
        self.version, self.pymemsim, self.cpython, self.timeout = version, pymemsim, cpython, timeout
        self.path = Path(workdir).resolve() / "cand.py"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.cache = {}
        self.runs = 0

    def run(self, src, version=None):
        v = version or self.version
        key = (v, src)
        if key not in self.cache:
            self.path.write_text(src)
            self.runs += 1
            pym = R.run_pymemsim(self.pymemsim, v, self.path, self.timeout)
            cpy = R.run_cpython(self.cpython, v, self.path, self.timeout)
            cat, kind, detail = R.classify(pym, cpy)
            self.cache[key] = (cat, kind, detail, pym, cpy)
        return self.cache[key]


def signature(cat, kind, pym, cpy):
    """What must stay the same while minimizing."""
    if cat != "mismatch":
        return None
    if kind in ("stdout", "unsupported-after-wrong-output"):
        d = R.first_difference(pym["out"], cpy["out"])
    elif kind == "stderr":
        d = R.first_difference(pym["err"], cpy["err"])
    elif kind == "panic":
        d = (0, norm(pym["err"].strip().splitlines()[-1]), "")
    else:
        d = (0, "", "")
    return (kind, norm(d[1]) if d else "", norm(d[2]) if d else "")


def last_exc(err):
    lines = [l for l in err.strip().splitlines() if l and not l.startswith(" ")]
    return lines[-1].split(":")[0] if lines else ""


def lines_of(src):
    return src.splitlines()


def join(lines):
    return "\n".join(lines) + "\n" if lines else ""


def blocks(lines):
    """(start, end) of every compound statement: a line ending in ':' and its deeper body."""
    out = []
    for i, l in enumerate(lines):
        if l.rstrip().endswith(":"):
            ind = len(l) - len(l.lstrip())
            j = i + 1
            while j < len(lines):
                l2 = lines[j]
                ind2 = len(l2) - len(l2.lstrip())
                if not l2.strip() or ind2 > ind:
                    j += 1
                elif ind2 == ind and re.match(r"(except\b|else\s*:|finally\s*:|elif\b)", l2.lstrip()):
                    j += 1
                else:
                    break
            out.append((i, j))
    return out


def minimize_src(src, oracle, log=lambda *a: None):
    cat, kind, detail, pym, cpy = oracle.run(src)
    sig = signature(cat, kind, pym, cpy)
    if sig is None:
        raise SystemExit(f"not a mismatch on {oracle.version}: {cat}")
    rc, exc = cpy["rc"], last_exc(cpy["err"])

    def interesting(cand_lines):
        s = join([l for l, _ in cand_lines])
        if not s.strip():
            return False
        c, k, _, p, q = oracle.run(s)
        if q["timeout"] != cpy["timeout"]:
            return False
        if q["rc"] != rc:
            # an uncaught exception may go away when the difference is on stdout; none may appear
            if not (kind == "stdout" and q["rc"] == 0):
                return False
        elif rc and last_exc(q["err"]) != exc:
            return False
        return signature(c, k, p, q) == sig

    cur = [l for l in lines_of(src) if l.strip()]
    # The first top-level gc.collect() stays: it sets the start state (without it every program
    # would shrink to the start-up difference, found/startup-*.py).
    # So does a gc.disable() just before it.
    first = next((i for i, l in enumerate(cur) if l == "gc.collect()"), None)
    protected = []
    if first is not None:
        protected = [first - 1, first] if first and cur[first - 1] == "gc.disable()" else [first]
    cur = [(l, i in protected) for i, l in enumerate(cur)]
    n_protected = len(protected)

    def ok(cand):
        return sum(1 for _, p in cand if p) == n_protected

    changed = True
    while changed:
        changed = False
        # whole blocks first (largest first), then ddmin over lines
        for (a, b) in sorted(blocks([l for l, _ in cur]), key=lambda ab: ab[0] - ab[1]):
            if b > len(cur):
                continue
            cand = cur[:a] + cur[b:]
            if ok(cand) and interesting(cand):
                cur, changed = cand, True
                log(f"  block removed: {len(cur)} lines")
                break
        if changed:
            continue
        n = 2
        while len(cur) >= 2:
            size = max(1, len(cur) // n)
            removed = False
            for start in range(0, len(cur), size):
                cand = cur[:start] + cur[start + size:]
                if ok(cand) and interesting(cand):
                    cur, removed, changed = cand, True, True
                    log(f"  chunk removed: {len(cur)} lines")
                    break
            if removed:
                n = max(n - 1, 2)
            elif size == 1:
                break
            else:
                n = min(n * 2, len(cur))
    return join([l for l, _ in cur]), sig


def what_differs(kind, pym, cpy):
    if kind in ("stdout", "unsupported-after-wrong-output"):
        n, x, y = R.first_difference(pym["out"], cpy["out"])
        return f"pymemsim prints {x!r}, CPython prints {y!r} (stdout line {n})"
    if kind == "stderr":
        n, x, y = R.first_difference(pym["err"], cpy["err"])
        return f"pymemsim writes {x!r}, CPython writes {y!r} (stderr line {n})"
    if kind == "panic":
        return "pymemsim panics (internal error)"
    if kind.startswith("timeout"):
        return kind.replace("-", " on ")
    return f"pymemsim exits {pym['rc']}, CPython exits {cpy['rc']}"


def keep(src, oracle, name, versions, out_dir=FOUND):
    """Check src on every version, write found/NAME.py and its .expected files; returns a summary."""
    per = {}
    for v in versions:
        cat, kind, detail, pym, cpy = oracle.run(src, v)
        if cat == "mismatch":
            per[v] = (kind, what_differs(kind, pym, cpy), cpy["out"])
    if oracle.version not in per:
        return None
    order = [v for v in versions if v in per]
    main = per[oracle.version]
    same = [v for v in order if per[v][1] == main[1]]
    head = [f"# mismatch on {', '.join(same)}: {main[1]}"]
    for v in order:
        if v not in same:
            head.append(f"# mismatch on {v}: {per[v][1]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    text = "\n".join(head) + "\n" + src
    if oracle.run(text)[0] != "mismatch":   # the comment shifts line numbers: check again
        return None
    (out_dir / f"{name}.py").write_text(text)
    for v in order:
        (out_dir / f"{name}.{v}.expected").write_text(per[v][2])
    return {"name": name, "versions": order, "head": head, "src": src}


def canonical(src):
    """The program with its generated names' numbers erased: dedupes minimized programs."""
    return re.sub(r"\b([A-Za-z_]+)\d+\b", r"\1", src)


API = (r"getsizeof|getrefcount|get_count|collect|is_tracked|get_referrers|get_referents|finalize|"
       r"weakref|__del__|id\(|callbacks|Error|print")


def auto_name(src, sig, oracle=None):
    """topic-hash: the topic is the API in the line that printed the first differing line."""
    h = hashlib.sha1(canonical(src).encode()).hexdigest()[:6]
    label = ""
    if oracle is not None:
        _, _, _, p, q = oracle.run(src)
        d = R.first_difference(p["out"], q["out"])
        if d:
            label = (d[2] if d[2] != "<nothing>" else d[1]).split(" ")[0].strip("'\"")
    lines = [l for l in src.splitlines() if l.strip() != "gc.collect()"]
    printing = [l for l in lines if label and (f"print({label!r}" in l or f'print("{label}"' in l)]
    words = []
    for l in printing or lines:
        words += [w for w in re.findall(API, l) if w != "print"]
    topic = collections.Counter(words).most_common(1)[0][0] if words else sig[0]
    topic = re.sub(r"[^a-z_]", "", topic.lower()).strip("_") or "misc"
    return f"{topic}-{h}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("program", nargs="?")
    ap.add_argument("--version", help="the version on which PROGRAM mismatches")
    ap.add_argument("--name", help="short name in found/ (default: topic and hash)")
    ap.add_argument("--no-minimize", action="store_true",
                    help="keep PROGRAM as it is (a hand-written reproduction)")
    ap.add_argument("--results", help="minimize every distinct mismatch of a run.py results file")
    ap.add_argument("--per-signature", type=int, default=5,
                    help="with --results: at most this many programs minimized per kind of first "
                         "difference (1 + log2 of the group's size)")
    ap.add_argument("--limit", type=int, default=0, help="with --results: at most this many minimizations")
    ap.add_argument("--check-versions", default=",".join(ALL_VERSIONS),
                    help="versions the minimized program is checked on")
    ap.add_argument("--pymemsim", default=R.default_pymemsim())
    ap.add_argument("--cpython", default=str(R.DEFAULT_CPYTHON))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=R.TIMEOUT)
    ap.add_argument("--workdir", default="/tmp/pymemsim-minimize")
    ap.add_argument("--out-dir", default=str(FOUND))
    args = ap.parse_args()
    check = [v.strip() for v in args.check_versions.split(",") if v.strip()]
    out_dir = Path(args.out_dir)

    if args.program:
        if not args.version:
            ap.error("--version is needed with PROGRAM")
        o = Oracle(args.version, args.pymemsim, args.cpython, Path(args.workdir) / "single", args.timeout)
        src = Path(args.program).read_text()
        src = "".join(l for l in src.splitlines(True) if not l.startswith("# mismatch on "))
        if args.no_minimize:
            cat, kind, _, p, q = o.run(src)
            if cat != "mismatch":
                raise SystemExit(f"not a mismatch on {args.version}: {cat}")
            small, sig = src, signature(cat, kind, p, q)
        else:
            small, sig = minimize_src(src, o, log=print)
        name = args.name or auto_name(small, sig, o)
        kept = keep(small, o, name, check, out_dir)
        print(f"{o.runs} runs; kept as {out_dir / name}.py" if kept else "lost the mismatch")
        if kept:
            print("\n".join(kept["head"]) + "\n" + small)
        return

    if not args.results:
        ap.error("give PROGRAM --version V, or --results FILE")
    recs = [json.loads(l) for l in open(args.results)]
    mism = [r for r in recs if r["category"] == "mismatch"]
    # a few programs per coarse signature of the first difference (generated names and digits
    # ignored, versions together: each minimized program is then checked on every version)
    groups = collections.OrderedDict()
    for r in mism:
        p, c = r["pymemsim"], r["cpython"]
        sig = signature("mismatch", r["kind"], p, c)
        key = tuple(re.sub(r"\b[a-z_]+#", "<v>", s) for s in sig)
        groups.setdefault(key, []).append(r)
    todo = []
    for key, rs in groups.items():
        # larger groups may hide several causes: 1 + log2(size) samples, spread over the group
        k = min(args.per_signature, 1 + int(math.log2(len(rs))))
        todo += [rs[i * len(rs) // k] for i in range(k)]
    if args.limit:
        todo = todo[:args.limit]
    print(f"{len(mism)} mismatching runs, {len(groups)} kinds of first difference, minimizing {len(todo)}")
    lock = threading.Lock()
    kept_canon = {}
    done_seeds = collections.defaultdict(set)   # seed -> versions its minimized programs cover
    slots = [f"w{i}" for i in range(args.workers)]

    def work(i, r):
        slot = slots[i % len(slots)] + f"-{i}"
        with lock:
            if r["version"] in done_seeds[r["seed"]]:
                return f"seed {r['seed']} {r['version']}: covered by an earlier minimization"
        o = Oracle(r["version"], args.pymemsim, args.cpython, Path(args.workdir) / slot, args.timeout)
        src = Path(r["path"]).read_text()
        try:
            small, sig = minimize_src(src, o)
        except SystemExit as e:
            return f"seed {r['seed']} {r['version']}: {e}"
        canon = canonical(small)
        with lock:
            if canon in kept_canon:
                done_seeds[r["seed"]].add(r["version"])
                return f"seed {r['seed']} {r['version']}: same as {kept_canon[canon]}"
            name = auto_name(small, sig, o)
            kept_canon[canon] = name
        kept = keep(small, o, name, check, out_dir)
        if not kept:
            return f"seed {r['seed']} {r['version']}: lost the mismatch after minimizing"
        with lock:
            done_seeds[r["seed"]].update(kept["versions"])
        return (f"seed {r['seed']} {r['version']}: {o.runs} runs, {len(src.splitlines())} -> "
                f"{len(small.splitlines())} lines, kept as {name} ({', '.join(kept['versions'])})\n    "
                + kept["head"][0])

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as ex:
        futs = [ex.submit(work, i, r) for i, r in enumerate(todo)]
        for f in concurrent.futures.as_completed(futs):
            print(f.result(), flush=True)


if __name__ == "__main__":
    main()
