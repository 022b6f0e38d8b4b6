#!/usr/bin/env bash
# Instructions per loop iteration of each workload, on pymemsim (recording every event) and on
# CPython, counted by valgrind's callgrind: unlike seconds on a shared machine, the counts repeat
# exactly, so small changes can be compared. Each workload runs shortened (N = 50000, or 25000
# for the two-object cycles of w3) and with N = 1; the difference over N - 1 is the per-iteration
# cost without interpreter start-up.
#
# pymemsim packs its events on a second thread: the table shows the interpreter thread (the
# simulation itself, the path that decides the run's duration) and the packer thread apart.
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

# thread_counts FILE -> "interpreter packer": instructions of pymemsim's interpreter thread (the
# second thread started) and of the event packer (the third), 0 when it never started.
thread_counts() {
  rm -f "$work"/cg*
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$work/cg" \
    "$sim" run --stats "$1" >/dev/null 2>&1
  local t2 t3
  t2=$(awk '/^(totals|summary):/ { print $2; exit }' "$work/cg-02")
  t3=$( [ -f "$work/cg-03" ] && awk '/^(totals|summary):/ { print $2; exit }' "$work/cg-03" || echo 0)
  echo "$t2 $t3"
}

echo "| workload | N | CPython instr/iter | pymemsim interpreter thread instr/iter | ratio | packer thread instr/iter |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for file in w*_*.py; do
  name=${file%.py}
  n=50000
  [ "$name" = w3_cycles ] && n=25000
  sed -E "s/^N = [0-9]+$/N = $n/" "$file" > "$work/$name.py"
  sed -E "s/^N = [0-9]+$/N = 1/" "$file" > "$work/${name}_1.py"
  c=$(( $(count "$py" "$work/$name.py") - $(count "$py" "$work/${name}_1.py") ))
  read -r s2 s3 < <(thread_counts "$work/$name.py")
  read -r b2 b3 < <(thread_counts "$work/${name}_1.py")
  s=$(( s2 - b2 ))
  p=$(( s3 - b3 ))
  echo "| $name | $n | $((c / (n - 1))) | $((s / (n - 1))) | $(awk "BEGIN { printf \"%.2f\", $s / $c }") | $((p / (n - 1))) |"
done
