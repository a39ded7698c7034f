#!/usr/bin/env bash
# Benchmarks of the split import (issue 18), on a release build, each
# against its baseline measured in the same run:
#
#   bench/spark.sh [WORK_DIR]
#
# 1. spark: SPARK_PAPERS (default 10000) generated papers (every fifth a
#    PDF, seed 42): `ratsindex ingest` (the baseline) against the Spark job
#    (spark/ratsindex_job.py, local[2]: on one machine the driver indexes,
#    no merge), REPEAT times in turn (default 3), the best (least) wall
#    time of each side; ratio of the wall times (goal: <= 1.5) and whether
#    the indexes are the same (examples/compare_indexes.rs: ids, stored
#    records, hits of ~600 queries). The job's stages from its report:
#    Spark's start (JVM, SparkContext) until the job's first line, then
#    list, extract and index (overlapped on the driver), merge; "rest" is
#    what spark-submit takes beyond (its launcher JVM, the stop).
#    BASE_JOB and BASE_BIN: an older job script and binary, run in the
#    same turns, for before/after figures. SPARK_ARGS: more job arguments
#    (e.g. "--index-on shards").
# 2. merge: SHARDS (default 4) x SHARD_PAPERS (default 25000) generated
#    text papers: `ratsindex ingest` of all of them into one index (the
#    baseline) against extract once + one `ingest --records` per shard +
#    `merge`; the merge's wall time and peak RSS; the same comparison.
#
# Environment: STEPS (default "spark merge"), CARGO_TARGET_DIR, SKIP_BUILD
# (set: use the binaries already built there), SPARK_SUBMIT (default: the
# one in pyspark's folder, not a shim of it in PATH),
# JAVA_OPTIONS for Spark's JVMs (default "-XX:TieredStopAtLevel=1
# -XX:+UseSerialGC", a short job's settings, which the test uses too; give
# JAVA_OPTIONS=" " for the JVM's defaults); CDS (default 1): a class-data
# archive of the classes Spark loads (WORK_DIR/spark-classes.jsa, made
# once by a job on 20 papers with -XX:ArchiveClassesAtExit, kept for later
# runs) given to the JVMs, which then start with a third less CPU; CDS=0
# without. CPU, wall time and peak RSS as bench/lib.sh's `timed` counts
# them (CPU of every process of the job, where cgroups allow).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
source bench/lib.sh
STEPS=${STEPS:-"spark merge"}
SPARK_PAPERS=${SPARK_PAPERS:-10000}
REPEAT=${REPEAT:-3}
SHARDS=${SHARDS:-4}
SHARD_PAPERS=${SHARD_PAPERS:-25000}
JAVA_OPTIONS=${JAVA_OPTIONS:-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
WORK=${1:-$(mktemp -d /tmp/ratsindex-spark-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release --quiet --bin ratsindex --example gen_corpus --example compare_indexes
fi
BIN=$(cd "${CARGO_TARGET_DIR:-target}/release" && pwd)
# Spark's own spark-submit and the Python it runs the job with, by their
# real paths: a version manager's shim in PATH (pyenv's runs a dozen bash
# scripts to find the real one) cost 0.7-1.8 s here before Spark's first
# line, which is neither Spark's nor the job's time. SPARK_HOME set: the
# script does not start Python to find it.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
if [ -z "${SPARK_HOME:-}" ]; then
  SPARK_HOME=$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))' 2>/dev/null) || SPARK_HOME=""
fi
if [ -n "$SPARK_HOME" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  export SPARK_HOME
  SPARK_SUBMIT=${SPARK_SUBMIT:-$SPARK_HOME/bin/spark-submit}
else
  unset SPARK_HOME
  SPARK_SUBMIT=${SPARK_SUBMIT:-spark-submit}
fi

# job NAME SCRIPT BINARY: one run of the Spark job on $dir/papers into
# $dir/NAME (work folder $dir/NAME-work); prints "SECONDS PEAK_KB CPU".
job() {
  local name=$1 script=$2 binary=$3
  rm -rf "$dir/$name" "$dir/$name-work"
  # shellcheck disable=SC2086
  timed "$dir/$name" env PYSPARK_PYTHON="$PYTHON" \
    "$SPARK_SUBMIT" --master 'local[2]' --conf spark.ui.enabled=false \
    --conf "spark.driver.extraJavaOptions=$JAVA_OPTIONS" \
    --conf "spark.executor.extraJavaOptions=$JAVA_OPTIONS" "$script" \
    --bin "$binary" --work "$dir/$name-work" --out "$dir/$name" ${SPARK_ARGS:-} "$dir/papers"
}

# stages NAME SECONDS INGEST_SECONDS: the job's stage times from its
# report, and Spark's start and stop apart: the JVMs' and SparkContext's
# start until the job's first line (spark_start), SparkContext.stop
# (stop) and what spark-submit takes beyond the job (rest: its launcher
# JVM, the JVM's exit), with the ratio of the job's time without them to
# the ingest's.
stages() {
  python3 - "$dir/$1-work/report.json" "$2" "$3" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall, ingest = float(sys.argv[2]), float(sys.argv[3])
keys = ["spark_start_s", "list_s", "extract_s", "index_s", "merge_s", "stop_s"]
parts = [f"{k[:-2]} {r[k]:.1f}" for k in keys if k in r]
rest = wall - r.get("spark_start_s", 0) - r["elapsed_s"]
fixed = r.get("spark_start_s", 0) + r.get("stop_s", 0) + rest
print("  stages (s): " + ", ".join(parts) + f"; job {r['elapsed_s']:.1f}; rest {rest:.1f}"
      + (" (extract and index overlap)" if "merge_s" not in r else ""))
print(f"    Spark's start and stop {fixed:.1f} s; without them {wall - fixed:.1f} s: "
      f"ratio {(wall - fixed) / ingest:.2f}")
PY
}

echo "machine: $(nproc) cores, load $(load); work dir: $WORK"

if [[ " $STEPS " == *" spark "* ]]; then
  dir=$WORK/spark-$SPARK_PAPERS
  corpus "$BIN" "$dir" "$SPARK_PAPERS"
  mb=$(du -sm "$dir/papers" | cut -f1)
  if [ "${CDS:-1}" = 1 ]; then
    archive=$WORK/spark-classes.jsa
    if [ ! -f "$archive" ]; then
      echo "making the JVM's class-data archive $archive (once)"
      small=$dir
      dir=$WORK/cds
      corpus "$BIN" "$dir" 20
      options=$JAVA_OPTIONS
      JAVA_OPTIONS="$options -XX:ArchiveClassesAtExit=$archive"
      job cds "$REPO/spark/ratsindex_job.py" "$BIN/ratsindex" >/dev/null
      JAVA_OPTIONS=$options
      dir=$small
    fi
    JAVA_OPTIONS="$JAVA_OPTIONS -XX:SharedArchiveFile=$archive"
  fi
  echo
  echo "spark: $SPARK_PAPERS papers ($mb MB), $REPEAT turns, JVM options $JAVA_OPTIONS${SPARK_ARGS:+, job arguments $SPARK_ARGS}"
  echo "  spark-submit: $SPARK_SUBMIT"
  best_i="" best_s="" best_b=""
  for turn in $(seq "$REPEAT"); do
    rm -rf "$dir/single"
    read -r i _ ic < <(timed "$dir/ingest" "$BIN/ratsindex" ingest "$dir/papers" --index "$dir/single" --quiet)
    read -r s _ sc < <(job merged "$REPO/spark/ratsindex_job.py" "$BIN/ratsindex")
    line=$(awk -v t="$turn" -v i="$i" -v ic="$ic" -v s="$s" -v sc="$sc" -v l="$(load)" 'BEGIN {
      printf "  turn %d (load %s): ingest %.1f s (%.1f CPU-s), Spark job %.1f s (%.1f CPU-s): ratio %.2f", t, l, i, ic, s, sc, s / i }')
    if [ -n "${BASE_JOB:-}" ]; then
      read -r b _ bc < <(job base "$BASE_JOB" "${BASE_BIN:-$BIN/ratsindex}")
      line+=$(awk -v b="$b" -v bc="$bc" -v i="$i" 'BEGIN { printf "; base job %.1f s (%.1f CPU-s): ratio %.2f", b, bc, b / i }')
      best_b=$(awk -v a="$best_b" -v b="$b" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    fi
    echo "$line"
    stages merged "$s" "$i"
    [ -z "${BASE_JOB:-}" ] || stages base "$b" "$i"
    best_i=$(awk -v a="$best_i" -v b="$i" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    best_s=$(awk -v a="$best_s" -v b="$s" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
  done
  awk -v n="$SPARK_PAPERS" -v i="$best_i" -v s="$best_s" -v b="$best_b" 'BEGIN {
    printf "  best: ingest %.1f s (%.0f papers/s), Spark job %.1f s (%.0f papers/s): ratio %.2f (goal <= 1.5)", i, n / i, s, n / s, s / i
    if (b != "") printf "; base job %.1f s: ratio %.2f", b, b / i
    printf "\n" }'
  echo "  $("$BIN/examples/compare_indexes" "$dir/single" "$dir/merged" 2>&1 | tail -1)"
fi

if [[ " $STEPS " == *" merge "* ]]; then
  total=$((SHARDS * SHARD_PAPERS))
  dir=$WORK/merge-$total
  corpus "$BIN" "$dir" "$total" text
  rm -rf "$dir/one" "$dir/merged" "$dir"/shard-* "$dir"/part-*
  read -r one_s one_kb _ < <(timed "$dir/one" "$BIN/ratsindex" ingest "$dir/papers" --index "$dir/one" --quiet)
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
  read -r merge_s merge_kb _ < <(timed "$dir/merge" "$BIN/ratsindex" merge "$dir/merged" $(for k in $(seq 0 $((SHARDS - 1))); do echo "$dir/shard-$k"; done))
  read -r cmp_s _ < <(timed "$dir/compare" "$BIN/examples/compare_indexes" "$dir/one" "$dir/merged")
  echo
  echo "merge: $SHARDS shards x $SHARD_PAPERS papers (load $(load))"
  echo "  one index (ingest):      $one_s s, peak $((one_kb / 1024)) MiB, $(du -sm "$dir/one" | cut -f1) MB on disk"
  echo "  extract --files-from:    $extract_s s"
  echo "  $SHARDS x ingest --records: $shards_s s in all (one after the other)"
  echo "  merge:                   $merge_s s, peak RSS $((merge_kb / 1024)) MiB, $(du -sm "$dir/merged" | cut -f1) MB on disk"
  echo "  compare ($cmp_s s): $(tail -1 "$dir/compare.out") $(tail -3 "$dir/compare.err")"
fi
