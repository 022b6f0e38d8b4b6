#!/usr/bin/env python3
"""Differential testing: generated programs on pymemsim and on CPython, per version.

    python3 run.py --count 500 --seed-start 0 --versions 3.8,3.12,3.14 --pymemsim /tmp/pymemsim-diff

Each program (gen.py --seed N) runs on pymemsim and on the real interpreter of each version, with
PYTHONHASHSEED=0, PYTHONUNBUFFERED=1 (as the recorded expectations are) and the same absolute
script path, and each run is classified:

  match        same stdout, same stderr, same exit status
  unsupported  pymemsim stopped with "not supported in pymemsim" (exit status 2) after printing
               only a prefix of what CPython printed
  mismatch     anything else: different output, a panic, a timeout on one side

A summary table per version follows, with the most frequent unsupported constructs; every run is
written to --results (JSON lines) for minimize.py.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

DEFAULT_VERSIONS = "3.8,3.11,3.12,3.13,3.14,3.15"
DEFAULT_CPYTHON = REPO.parent / "shared" / "tools" / "cpython"
UNSUPPORTED_RE = re.compile(r"^.*?:\d+:\d+: not supported in pymemsim: (.*)$", re.M)
TIMEOUT = 10.0
KEEP = 6000  # characters of output kept per stream in the results


def default_pymemsim():
    env = os.environ.get("PYMEMSIM")
    if env:
        return env
    return str(REPO / "target" / "release" / "pymemsim")


def child_env():
    """CPython's environment as the recorded expectations have it (tests/*/record-expected run in a
    shell with PYTHONUNBUFFERED=1): buffered stdout keeps the pieces print() wrote alive in the
    TextIOWrapper (a list, and references to the strings) until a flush, which changes refcounts
    and gc.get_count(); pymemsim models the unbuffered stream."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")


def normalize_err(err):
    """Addresses in stderr ("Exception ignored in: <function f at 0x7f...>") differ from run to
    run on CPython itself: they are the only thing not compared exactly."""
    return ADDRESS_RE.sub(" at 0x...", err)


def execute(cmd, cwd, timeout=TIMEOUT):
    """{'out', 'err', 'rc', 'timeout'} of one run."""
    try:
        p = subprocess.run(cmd, cwd=cwd, env=child_env(), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
        return {"out": p.stdout.decode("utf-8", "replace"),
                "err": normalize_err(p.stderr.decode("utf-8", "replace")), "rc": p.returncode,
                "timeout": False}
    except subprocess.TimeoutExpired as e:
        return {"out": (e.stdout or b"").decode("utf-8", "replace"),
                "err": normalize_err((e.stderr or b"").decode("utf-8", "replace")), "rc": None,
                "timeout": True}


def run_pymemsim(pymemsim, version, path, timeout=TIMEOUT):
    return execute([pymemsim, "run", "--python", version, str(path)], Path(path).parent, timeout)


def run_cpython(cpython, version, path, timeout=TIMEOUT):
    return execute([str(cpython), version, str(path)], Path(path).parent, timeout)


def unsupported_construct(err):
    m = UNSUPPORTED_RE.search(err)
    return m.group(1).strip() if m else None


def first_difference(a, b):
    """(line number from 1, line of a, line of b) of the first line where a and b differ."""
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "<nothing>"
        y = lb[i] if i < len(lb) else "<nothing>"
        if x != y:
            return i + 1, x, y
    return None


def classify(pym, cpy):
    """(category, kind, detail): category is match / unsupported / mismatch; kind says what differs."""
    if pym["timeout"] and cpy["timeout"]:
        return "mismatch", "timeout-both", "both timed out"
    if pym["timeout"]:
        return "mismatch", "timeout-pymemsim", "pymemsim timed out, CPython did not"
    if cpy["timeout"]:
        return "mismatch", "timeout-cpython", "CPython timed out, pymemsim did not"
    if "internal error" in pym["err"] or "panicked" in pym["err"]:
        return "mismatch", "panic", pym["err"].strip().splitlines()[-1][:300]
    if pym["out"] == cpy["out"] and pym["err"] == cpy["err"] and pym["rc"] == cpy["rc"]:
        return "match", "", ""
    construct = unsupported_construct(pym["err"])
    if pym["rc"] == 2 and construct is not None:
        rest = UNSUPPORTED_RE.sub("", pym["err"]).rstrip("\n")
        if cpy["out"].startswith(pym["out"]) and cpy["err"].startswith(rest.strip("\n")):
            return "unsupported", "", construct
        return "mismatch", "unsupported-after-wrong-output", describe_diff(pym, cpy)
    if pym["out"] != cpy["out"]:
        return "mismatch", "stdout", describe_diff(pym, cpy)
    if pym["err"] != cpy["err"]:
        return "mismatch", "stderr", describe_diff(pym, cpy, "err")
    return "mismatch", "exit-status", f"pymemsim exits {pym['rc']}, CPython exits {cpy['rc']}"


def describe_diff(pym, cpy, stream="out"):
    d = first_difference(pym[stream], cpy[stream])
    if d is None:
        return f"{stream}: same text"
    n, x, y = d
    return f"{stream} line {n}: pymemsim {x!r}, CPython {y!r}"


def program_path(workdir, seed):
    return Path(workdir).resolve() / f"prog_{seed}.py"


def job(seed, version, args):
    path = program_path(args.workdir, seed)
    pym = run_pymemsim(args.pymemsim, version, path, args.timeout)
    cpy = run_cpython(args.cpython, version, path, args.timeout)
    category, kind, detail = classify(pym, cpy)
    if args.check_determinism:
        again = run_cpython(args.cpython, version, path, args.timeout)
        if (again["out"], again["err"], again["rc"]) != (cpy["out"], cpy["err"], cpy["rc"]):
            category, kind, detail = "flaky", "cpython", describe_diff(again, cpy)
    rec = {"seed": seed, "version": version, "category": category, "kind": kind, "detail": detail,
           "path": str(path)}
    if category == "mismatch":
        for side, r in (("pymemsim", pym), ("cpython", cpy)):
            rec[side] = {"out": r["out"][:KEEP], "err": r["err"][:KEEP], "rc": r["rc"],
                         "timeout": r["timeout"]}
    return rec


def summarize(records, versions, top=12, out=sys.stdout):
    by_v = collections.defaultdict(list)
    for r in records:
        by_v[r["version"]].append(r)
    w = out.write
    w(f"\n{'version':>8} {'programs':>9} {'match':>7} {'unsupp.':>8} {'mismatch':>9} {'not unsupp.':>12}"
      + (" flaky" if any(r["category"] == "flaky" for r in records) else "") + "\n")
    for v in versions:
        rs = by_v.get(v, [])
        c = collections.Counter(r["category"] for r in rs)
        n = len(rs) or 1
        w(f"{v:>8} {len(rs):>9} {c['match']:>7} {c['unsupported']:>8} {c['mismatch']:>9} "
          f"{100 * (len(rs) - c['unsupported']) / n:>11.1f}%" + (f" {c['flaky']:>5}" if c["flaky"] else "") + "\n")
    for v in versions:
        rs = by_v.get(v, [])
        cons = collections.Counter(r["detail"] for r in rs if r["category"] == "unsupported")
        if cons:
            w(f"\ntop unsupported constructs on {v}:\n")
            for what, k in cons.most_common(top):
                w(f"  {k:>5}  {what}\n")
    kinds = collections.Counter((r["version"], r["kind"]) for r in records if r["category"] == "mismatch")
    if kinds:
        w("\nmismatches by kind:\n")
        for (v, kind), k in sorted(kinds.items()):
            w(f"  {v:>5} {kind:<32} {k}\n")
        w("\nfirst mismatches (seed, version: what differs):\n")
        seen = set()
        for r in records:
            if r["category"] != "mismatch":
                continue
            key = (r["version"], r["kind"], re.sub(r"\d+", "#", r["detail"]))
            if key in seen:
                continue
            seen.add(key)
            w(f"  seed {r['seed']:>6}, {r['version']}: {r['kind']}: {r['detail'][:200]}\n")
            if len(seen) >= 40:
                break


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100, help="number of programs")
    ap.add_argument("--seed-start", type=int, default=0)
    ap.add_argument("--versions", default=DEFAULT_VERSIONS)
    ap.add_argument("--pymemsim", default=default_pymemsim(), help="pymemsim binary ($PYMEMSIM)")
    ap.add_argument("--cpython", default=str(DEFAULT_CPYTHON), help="the cpython VERSION launcher")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per run")
    ap.add_argument("--workdir", default="/tmp/pymemsim-differential",
                    help="where the generated programs are written (absolute paths in tracebacks)")
    ap.add_argument("--results", default=None,
                    help="JSON lines of every run (default WORKDIR/results.jsonl)")
    ap.add_argument("--profile", choices=gen.PROFILES, default="full", help="gen.py's profile")
    ap.add_argument("--check-determinism", action="store_true",
                    help="run CPython twice; a program whose two runs differ is 'flaky'")
    ap.add_argument("--quiet", action="store_true", help="no progress line")
    args = ap.parse_args()
    versions = [v.strip() for v in args.versions.split(",") if v.strip()]
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    results = Path(args.results or Path(args.workdir) / "results.jsonl")
    seeds = range(args.seed_start, args.seed_start + args.count)
    for s in seeds:
        program_path(args.workdir, s).write_text(gen.generate(s, args.profile))
    jobs = [(s, v) for s in seeds for v in versions]
    records = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as ex, results.open("w") as f:
        futs = [ex.submit(job, s, v, args) for s, v in jobs]
        for i, fut in enumerate(futs, 1):
            rec = fut.result()
            records.append(rec)
            f.write(json.dumps(rec) + "\n")
            if not args.quiet and (i % 50 == 0 or i == len(futs)):
                c = collections.Counter(r["category"] for r in records)
                print(f"\r{i}/{len(futs)} runs: {c['match']} match, {c['unsupported']} unsupported, "
                      f"{c['mismatch']} mismatch", end="", file=sys.stderr, flush=True)
    if not args.quiet:
        print(file=sys.stderr)
    summarize(records, versions)
    print(f"\nresults: {results}")


if __name__ == "__main__":
    main()
