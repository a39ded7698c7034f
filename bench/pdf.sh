#!/usr/bin/env bash
# PDF text extraction: ratsindex against poppler's pdftotext, same files,
# same run, release build.
#
#   bench/pdf.sh [DIR]
#
# Without DIR, 300 generated four-page papers are used. Prints
#  (a) `ratsindex extract DIR` (all cores, whole pipeline, JSON out) against
#      `pdftotext -layout` called once per file, wall clock;
#  (b) in-process PDF reading on one core against pdftotext's CPU time;
# with docs/s, the ratios, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin ratsindex --example bench_pdf
bin="$CARGO_TARGET_DIR/release/ratsindex"
bench="$CARGO_TARGET_DIR/release/examples/bench_pdf"
command -v pdftotext >/dev/null || { echo "pdftotext missing: apt-get install poppler-utils" >&2; exit 2; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dir="${1:-}"
if [ -z "$dir" ]; then
  dir="$scratch/papers"
  "$bench" generate "$dir" 300 >/dev/null
fi
mapfile -t files < <(find "$dir" -type f -iname '*.pdf' | sort)
n=${#files[@]}
echo "PDFs: $n in $dir ($(nproc) cores)"

now() { date +%s.%N; }
# Children's CPU seconds (user+sys) so far: bash's `times` must run in
# this shell (not in a $(...) subshell), so it writes to a file first.
cpu_file="$scratch/cpu"
children_cpu() { times >"$cpu_file"; }
cpu_seconds() { tail -1 "$cpu_file" | awk '{ gsub("m", " "); gsub("s", ""); print $1*60 + $2 + $3*60 + $4 }'; }

# (a) whole command against pdftotext once per file
t0=$(now)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$scratch/rss" "$bin" extract "$dir" >/dev/null 2>"$scratch/err" || true
else
  "$bin" extract "$dir" >/dev/null 2>"$scratch/err" || true
fi
t1=$(now)
rss=$(tail -1 "$scratch/rss" 2>/dev/null || echo '?')
failed=$(grep -c . "$scratch/err" || true)
children_cpu; c0=$(cpu_seconds)
t2=$(now)
for f in "${files[@]}"; do pdftotext -layout "$f" - >/dev/null 2>&1 || true; done
t3=$(now)
children_cpu; c1=$(cpu_seconds)
awk -v n="$n" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v rss="$rss" -v failed="$failed" 'BEGIN {
  r = t1 - t0; p = t3 - t2
  printf "(a) ratsindex extract DIR: %.3f s = %.1f docs/s (peak RSS %s kB, %d files failed)\n", r, n/r, rss, failed
  printf "    pdftotext per file:    %.3f s = %.1f docs/s\n", p, n/p
  printf "    ratio: ratsindex is %.2fx pdftotext\n", p/r }'

# (b) one core in-process against pdftotext CPU time
line=$("$bench" read "$dir")
echo "(b) $line"
ours=$(echo "$line" | sed -E 's/.* = ([0-9.]+) docs\/s.*/\1/')
awk -v n="$n" -v c0="$c0" -v c1="$c1" -v ours="$ours" 'BEGIN {
  cpu = c1 - c0
  printf "    pdftotext CPU time: %.3f s = %.1f docs/s per core\n", cpu, n/cpu
  printf "    ratio: ratsindex is %.2fx pdftotext per core\n", ours/(n/cpu) }'
