#!/usr/bin/env bash
# Memory of `ratsindex export` over many papers (issue 16: peak RSS
# < 200 MiB for 100,000 papers).
#
#   bench/oparl_export.sh [WORK_DIR] [COUNT]
#
# Writes COUNT (default 100000) generated imported papers into an index
# (examples/gen_oparl_index.rs, kept in WORK_DIR for later runs), then, in
# the same run, times `ratsindex stats` on that index (the baseline: what
# opening the index costs) and `ratsindex export` in each format (the OParl
# one to a file, to validate it, then removed; the others to /dev/null), and
# prints wall time and peak RSS (/usr/bin/time's maximum resident set size)
# of each, with the ratio of each peak to the baseline's. The OParl
# export is then checked against the schemas (tests/oparl/validate.py) if
# ../shared/oparl/schema and Python's jsonschema are there.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-$(mktemp -d /tmp/ratsindex-oparl.XXXXXX)}
COUNT=${2:-100000}
mkdir -p "$WORK"
cargo build --release --quiet --bin ratsindex --example gen_oparl_index
BIN=${CARGO_TARGET_DIR:-target}/release
INDEX="$WORK/index-$COUNT"
if [ ! -f "$INDEX/meta.json" ]; then
  "$BIN/examples/gen_oparl_index" "$INDEX" "$COUNT"
fi
measure() {  # NAME CMD... -> "NAME wall_s peak_kib"
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/$name.err"
  read -r wall kib <"$WORK/time.txt"
  echo "$name $wall $kib"
}
base=$(measure stats "$BIN/ratsindex" stats --index "$INDEX")
read -r _ _ base_kib <<<"$base"
printf '%-14s %8s %10s %8s\n' run wall_s peak_MiB x_base
for run in "$base" \
  "$(measure oparl "$BIN/ratsindex" export --format oparl --index "$INDEX" --out "$WORK/papers.jsonl")" \
  "$(measure jsonl "$BIN/ratsindex" export --format jsonl --index "$INDEX" --out /dev/null)" \
  "$(measure csv "$BIN/ratsindex" export --format csv --index "$INDEX" --out /dev/null)" \
  "$(measure oparl_query "$BIN/ratsindex" export --format oparl --query Radverkehr --index "$INDEX" --out /dev/null)"; do
  read -r name wall kib <<<"$run"
  awk -v n="$name" -v w="$wall" -v k="$kib" -v b="$base_kib" \
    'BEGIN { printf "%-14s %8.2f %10.1f %8.2f\n", n, w, k / 1024, k / b }'
done
echo "papers exported (oparl): $(wc -l <"$WORK/papers.jsonl")"
if [ -d ../shared/oparl/schema ]; then
  python3 tests/oparl/validate.py ../shared/oparl/schema "$WORK/papers.jsonl" | tail -1 || true
fi
# The export is ~3 KB a paper: not kept (the index is, for later runs).
rm -f "$WORK/papers.jsonl"
