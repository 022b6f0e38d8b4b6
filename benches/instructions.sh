#!/usr/bin/env bash
# Instructions per loop iteration of each workload, on pymemsim (recording every event) and on
# CPython, counted by valgrind's callgrind: unlike seconds on a shared machine, the counts repeat
# exactly, so small changes can be compared. Each workload runs shortened (N = 50000, or 25000
# for the two-object cycles of w3) and with N = 1; the difference over N - 1 is the per-iteration
# cost without interpreter start-up.
#   benches/instructions.sh [PYMEMSIM_BINARY] [PYTHON]
# Needs valgrind. Defaults: target/release/pymemsim and `python3` (3.11; pymemsim imitates it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sim=$(realpath "${1:-$here/../target/release/pymemsim}")
# The interpreter's own binary (valgrind would count a pyenv shim, not the Python it starts).
py=$("${2:-python3}" -c 'import sys; print(sys.executable)')
cd "$here"
export PYTHONHASHSEED=0 # CPython hashes strings with a random seed otherwise; counts then vary
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # command... -> instructions executed
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected/ { gsub(",", "", $4); print $4 }'
}

echo "| workload | N | CPython instr/iter | pymemsim instr/iter | ratio |"
echo "| --- | ---: | ---: | ---: | ---: |"
for file in w*_*.py; do
  name=${file%.py}
  n=50000
  [ "$name" = w3_cycles ] && n=25000
  sed -E "s/^N = [0-9]+$/N = $n/" "$file" > "$work/$name.py"
  sed -E "s/^N = [0-9]+$/N = 1/" "$file" > "$work/${name}_1.py"
  c=$(( $(count "$py" "$work/$name.py") - $(count "$py" "$work/${name}_1.py") ))
  s=$(( $(count "$sim" run --stats "$work/$name.py") - $(count "$sim" run --stats "$work/${name}_1.py") ))
  echo "| $name | $n | $((c / (n - 1))) | $((s / (n - 1))) | $(awk "BEGIN { printf \"%.2f\", $s / $c }") |"
done
