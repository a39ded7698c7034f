# Shared by the benchmark scripts (sourced, not run): timing a command
# and generating a corpus, the same way in every benchmark.

# timed LOG CMD...: runs CMD with its output in LOG.out / LOG.err; prints
# "SECONDS PEAK_KB CPU_SECONDS". CPU is user + system of CMD and every
# process it started, counted by a cgroup of its own (cgroup v1 cpuacct,
# where it is writable: root); elsewhere, of CMD and the children it
# waited for (/usr/bin/time), which misses daemons such as Spark's Python
# workers. On a shared machine CPU holds better than wall time. Peak RSS
# is /usr/bin/time's maximum resident set size. Exit code 1 (some papers
# failed) is not fatal; a higher one ends the benchmark with the tail of
# LOG.err.
timed() {
  local log=$1
  shift
  local rc=0 group=""
  if [ -w /sys/fs/cgroup/cpuacct ]; then
    group=/sys/fs/cgroup/cpuacct/ratsindex-bench-$$-$RANDOM
    mkdir "$group" 2>/dev/null || group=""
  fi
  (
    [ -z "$group" ] || echo "$BASHPID" >"$group/tasks"
    exec /usr/bin/time -f "%e %M %U %S" -o "$log.time" "$@" >"$log.out" 2>"$log.err"
  ) || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "bench: $* failed ($rc):" >&2
    tail -5 "$log.err" >&2
    exit 1
  fi
  local cpu=""
  if [ -n "$group" ]; then
    cpu=$(awk '{printf "%.2f", $1 / 1e9}' "$group/cpuacct.usage")
    rmdir "$group" 2>/dev/null || true
  fi
  tail -1 "$log.time" | awk -v cpu="$cpu" '{print $1, $2, (cpu == "" ? $3 + $4 : cpu)}'
}

# corpus BIN DIR COUNT [FORMAT]: COUNT generated papers (seed 42; FORMAT
# text, pdf or mixed, the default: every fifth a PDF) in DIR/papers,
# generated once and kept for later runs (with the generator's
# manifest.jsonl, which is no paper to ingest or extract).
corpus() {
  local bin=$1 dir=$2 count=$3 format=${4:-}
  if [ ! -f "$dir/papers/manifest.jsonl" ]; then
    "$bin/examples/gen_corpus" "$dir/papers" "$count" 42 ${format:+--format "$format"} 2>/dev/null
  fi
}

# load: the load averages, for each figure's line.
load() {
  cut -d' ' -f1-3 /proc/loadavg
}
