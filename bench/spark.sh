#!/usr/bin/env bash
# Benchmarks of the split import (issue 18), on a release build, each
# against its baseline measured in the same run:
#
#   bench/spark.sh [WORK_DIR]
#
# 1. spark: SPARK_PAPERS (default 10000) generated papers (every fifth a
#    PDF, seed 42): `ratsindex ingest` (the baseline) against the Spark job
#    (spark/ratsindex_job.py, local[2], shards merged); ratio of the wall
#    times (goal: <= 1.5) and whether the indexes are the same
#    (examples/compare_indexes.rs: ids, stored records, hits of ~600
#    queries).
# 2. merge: SHARDS (default 4) x SHARD_PAPERS (default 25000) generated
#    text papers: `ratsindex ingest` of all of them into one index (the
#    baseline) against extract once + one `ingest --records` per shard +
#    `merge`; the merge's wall time and peak RSS; the same comparison.
#
# Environment: STEPS (default "spark merge"), CARGO_TARGET_DIR,
# JAVA_OPTIONS (for Spark's JVMs, e.g. "-XX:TieredStopAtLevel=1
# -XX:+UseSerialGC", which the test uses). Peak RSS is /usr/bin/time's
# maximum resident set size.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
STEPS=${STEPS:-"spark merge"}
SPARK_PAPERS=${SPARK_PAPERS:-10000}
SHARDS=${SHARDS:-4}
SHARD_PAPERS=${SHARD_PAPERS:-25000}
WORK=${1:-$(mktemp -d /tmp/ratsindex-spark-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
cargo build --release --quiet --bin ratsindex --example gen_corpus --example compare_indexes
BIN=$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)

# timed LOG CMD...: runs CMD; prints "SECONDS PEAK_MB CPU_SECONDS" (CPU:
# user + system of CMD and the children it waited for, which holds
# better than wall time on a shared machine); exit code 1 (some papers
# failed) is not fatal.
timed() {
  local log=$1
  shift
  local rc=0
  /usr/bin/time -f "%e %M %U %S" -o "$log.time" "$@" >"$log.out" 2>"$log.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "bench: $* failed ($rc):" >&2
    tail -5 "$log.err" >&2
    exit 1
  fi
  tail -1 "$log.time" | awk '{printf "%s %.0f %.1f\n", $1, $2 / 1024, $3 + $4}'
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); work dir: $WORK"

if [[ " $STEPS " == *" spark "* ]]; then
  dir=$WORK/spark-$SPARK_PAPERS
  [ -f "$dir/papers/manifest.jsonl" ] || "$BIN/examples/gen_corpus" "$dir/papers" "$SPARK_PAPERS" 42 2>/dev/null
  rm -f "$dir/papers/manifest.jsonl"
  mb=$(du -sm "$dir/papers" | cut -f1)
  rm -rf "$dir/single" "$dir/work" "$dir/merged"
  read -r ingest_s ingest_mb ingest_cpu < <(timed "$dir/ingest" "$BIN/ratsindex" ingest "$dir/papers" --index "$dir/single" --quiet)
  read -r spark_s spark_mb spark_cpu < <(timed "$dir/spark" env PYSPARK_PYTHON="$(command -v python3)" \
    spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
    --conf "spark.driver.extraJavaOptions=${JAVA_OPTIONS:-}" "$REPO/spark/ratsindex_job.py" \
    --bin "$BIN/ratsindex" --work "$dir/work" --out "$dir/merged" "$dir/papers")
  same=$("$BIN/examples/compare_indexes" "$dir/single" "$dir/merged" 2>&1 | tail -1)
  echo
  echo "spark: $SPARK_PAPERS papers ($mb MB)${JAVA_OPTIONS:+, JVM options $JAVA_OPTIONS}"
  awk -v n="$SPARK_PAPERS" -v i="$ingest_s" -v s="$spark_s" -v ic="$ingest_cpu" -v sc="$spark_cpu" 'BEGIN {
    printf "  ratsindex ingest:        %7.1f s  %6.0f papers/s  %6.1f CPU-s\n", i, n / i, ic
    printf "  Spark job (local[2]):    %7.1f s  %6.0f papers/s  %6.1f CPU-s   ratio %.2f wall, %.2f CPU (goal <= 1.5)\n", s, n / s, sc, s / i, sc / ic }'
  grep -o '"[a-z_]*_s": [0-9.]*' "$dir/work/report.json" | tr -d '"' | tr '\n' ' ' | sed 's/^/  stages: /'
  echo
  echo "  $same"
fi

if [[ " $STEPS " == *" merge "* ]]; then
  total=$((SHARDS * SHARD_PAPERS))
  dir=$WORK/merge-$total
  [ -f "$dir/papers/manifest.jsonl" ] || "$BIN/examples/gen_corpus" "$dir/papers" "$total" 42 --format text 2>/dev/null
  rm -f "$dir/papers/manifest.jsonl"
  rm -rf "$dir/one" "$dir/merged" "$dir"/shard-* "$dir"/part-*
  read -r one_s one_mb _ < <(timed "$dir/one" "$BIN/ratsindex" ingest "$dir/papers" --index "$dir/one" --quiet)
  "$BIN/ratsindex" extract --list-files "$dir/papers" >"$dir/paths.txt"
  read -r extract_s _ < <(timed "$dir/extract" "$BIN/ratsindex" extract --files-from "$dir/paths.txt")
  # Split by document id, as the Spark job does.
  python3 - "$dir/extract.out" "$dir" "$SHARDS" <<'EOF'
import sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
parts = [open(f"{out}/part-{k}.jsonl", "w") for k in range(n)]
for line in open(src):
    key = int(line[7:15], 16) if line.startswith('{"id":"') else 0
    parts[key % n].write(line)
EOF
  rm -f "$dir/extract.out"
  shards_s=0
  for k in $(seq 0 $((SHARDS - 1))); do
    read -r s _ < <(timed "$dir/shard-$k" "$BIN/ratsindex" ingest --records "$dir/part-$k.jsonl" --index "$dir/shard-$k" --quiet)
    shards_s=$(awk -v a="$shards_s" -v b="$s" 'BEGIN { print a + b }')
  done
  rm -f "$dir"/part-*.jsonl
  read -r merge_s merge_mb _ < <(timed "$dir/merge" "$BIN/ratsindex" merge "$dir/merged" $(for k in $(seq 0 $((SHARDS - 1))); do echo "$dir/shard-$k"; done))
  read -r cmp_s _ < <(timed "$dir/compare" "$BIN/examples/compare_indexes" "$dir/one" "$dir/merged")
  echo
  echo "merge: $SHARDS shards x $SHARD_PAPERS papers"
  echo "  one index (ingest):      $one_s s, peak $one_mb MB, $(du -sm "$dir/one" | cut -f1) MB on disk"
  echo "  extract --files-from:    $extract_s s"
  echo "  $SHARDS x ingest --records: $shards_s s in all (one after the other)"
  echo "  merge:                   $merge_s s, peak RSS $merge_mb MB, $(du -sm "$dir/merged" | cut -f1) MB on disk"
  echo "  compare ($cmp_s s): $(tail -1 "$dir/compare.out") $(tail -3 "$dir/compare.err")"
fi
