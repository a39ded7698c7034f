#!/usr/bin/env bash
# Runs one AFL++ campaign against one fuzz target (stable toolchain, via
# cargo-afl: `cargo install cargo-afl --locked && cargo afl config --build`).
#
#   fuzz/run.sh TARGET SECONDS
#
# TARGET: pdf | html | text | extract | query (see fuzz/src/bin/).
# Seeds come from fuzz/seeds.sh (fixtures + ../shared/corpus); findings
# go to fuzz/out/TARGET/default/{crashes,hangs}; a second run on the same
# target resumes its queue. At the end one line of figures is printed and
# appended to fuzz/out/summary.tsv: CPU seconds (user+sys of afl-fuzz and
# the target), execs, corpus count, crashes, hangs.
#
# Environment: CARGO_TARGET_DIR (default fuzz/target), NICE (default 10),
# AFL_TIMEOUT_MS (default 5000 for pdf, 3000 otherwise; a run slower than
# this is a hang).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: run.sh TARGET SECONDS}
seconds=${2:?usage: run.sh TARGET SECONDS}
case $target in
  pdf | html | text | extract | query) ;;
  *) echo "run.sh: unknown target '$target' (pdf, html, text, extract, query)" >&2; exit 2 ;;
esac
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
cd "$here"

cargo afl build --release --locked --bin "$target" >&2
[ -d seeds/"$target" ] || ./seeds.sh

timeout_ms=${AFL_TIMEOUT_MS:-$([ "$target" = pdf ] && echo 5000 || echo 3000)}
out=out/$target
mkdir -p "$out"
input=seeds/$target
# Resume an earlier campaign's queue instead of starting over.
[ -f "$out/default/fuzzer_stats" ] && input=-

# Dictionaries: seeds.sh writes the extractor's and the query's; AFL++
# ships ones for PDF and HTML.
afl_dicts=$(ls -d "${XDG_DATA_HOME:-$HOME/.local/share}"/afl.rs/rustc-*/afl.rs-*/afl/share/afl/dictionaries 2>/dev/null | tail -1)
dict=()
case $target in
  extract | query) dict=(-x "seeds/$target.dict") ;;
  pdf) [ -n "$afl_dicts" ] && dict=(-x "$afl_dicts/pdf.dict") ;;
  html) [ -n "$afl_dicts" ] && dict=(-x "$afl_dicts/html_tags.dict") ;;
esac

# The machine is shared: no CPU pinning, low priority, no curses UI.
export AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1

# CPU time: afl-fuzz forks the target from a fork server that is killed,
# not reaped, at the end, so the target's time never reaches our rusage.
# Instead the process tree under afl-fuzz is sampled every 2 s and each
# process's last seen user+sys seconds are summed (a process living less
# than 2 s may be missed: a lower bound).
nice -n "${NICE:-10}" \
  cargo afl fuzz -V "$seconds" -t "$timeout_ms" -i "$input" -o "$out" "${dict[@]}" \
  "$CARGO_TARGET_DIR/release/$target" >"$out/afl.log" 2>&1 &
root=$!
declare -A seen=()
while kill -0 "$root" 2>/dev/null; do
  while read -r pid secs; do
    seen[$pid]=$secs
  done < <(ps -eo pid=,ppid=,times= | awk -v root="$root" '
    { parent[$1] = $2; t[$1] = $3 }
    END {
      for (p in parent) {
        q = p
        for (n = 0; n < 10 && q != "" && q != root && q > 1; n++) q = parent[q]
        if (q == root) print p, t[p]
      }
    }')
  sleep 2
done
wait "$root" || {
  echo "run.sh: afl-fuzz failed, see $out/afl.log" >&2
  tail -20 "$out/afl.log" >&2
  exit 1
}
cpu_s=0
for pid in "${!seen[@]}"; do cpu_s=$((cpu_s + seen[$pid])); done

stat() { sed -n "s/^$1 *: *//p" "$out/default/fuzzer_stats"; }
[ -f out/summary.tsv ] || printf 'date\ttarget\twall_s\tcpu_s\texecs\tcorpus\tcrashes\thangs\n' >out/summary.tsv
line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%FT%TZ)" "$target" "$seconds" "$cpu_s" \
  "$(stat execs_done)" "$(stat corpus_count)" "$(stat saved_crashes)" "$(stat saved_hangs)")
echo "$line" >>out/summary.tsv
echo "$line"
