#!/usr/bin/env bash
# One-line texts against the same text with its line breaks (issue 19):
# text exported with the line breaks removed must extract in linear time
# and bounded memory.
#
#   bench/long_lines.sh [MB...]        (default: 20 200)
#
# Per size, in the same run: the Karlsruhe silver texts concatenated and
# repeated to MB megabytes, once as written (lines) and once with every
# line break made a space (one line); `ratsindex extract` (release) of
# each under /usr/bin/time. Prints wall seconds, MB/s, peak RSS, the exit
# code and the one-line/lines throughput ratio. Goals: 200 MB one-line in
# under 10 s and under 1 GiB, or stopped at the time budget with a clear
# error; one-line throughput within 2x of the lines'.
#
# Environment: CARGO_TARGET_DIR, BUDGET (extract --time-budget, default
# the built-in one), SILVER (default ../shared/silver/karlsruhe/texts).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
case "$CARGO_TARGET_DIR" in /*) target="$CARGO_TARGET_DIR" ;; *) target="$(pwd)/$CARGO_TARGET_DIR" ;; esac
silver="${SILVER:-../shared/silver/karlsruhe/texts}"
[ -d "$silver" ] || { echo "long_lines.sh: $silver is missing" >&2; exit 2; }
cargo build --release --quiet --bin ratsindex
bin="$target/release/ratsindex"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
budget=()
[ -n "${BUDGET:-}" ] && budget=(--time-budget "$BUDGET")

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(20 200)
cat "$silver"/*.txt >"$scratch/one_pass"
printf '%-6s %-9s %8s %8s %9s %4s\n' MB form wall_s MB/s peak_MiB rc
for mb in "${sizes[@]}"; do
  bytes=$((mb * 1000 * 1000))
  : >"$scratch/lines.txt"
  while [ "$(stat -c %s "$scratch/lines.txt")" -lt "$bytes" ]; do
    cat "$scratch/one_pass" >>"$scratch/lines.txt"
  done
  truncate -s "$bytes" "$scratch/lines.txt"
  tr '\n' ' ' <"$scratch/lines.txt" >"$scratch/one_line.txt"
  declare -A rate=()
  for form in lines one_line; do
    file="$scratch/$form.txt"
    rc=0
    /usr/bin/time -f '%e %M' -o "$scratch/time" "$bin" extract "${budget[@]}" "$file" \
      >/dev/null 2>"$scratch/err" || rc=$?
    read -r wall kib <"$scratch/time"
    rate[$form]=$(python3 -c "print(f'{$mb / max($wall, 0.01):.1f}')")
    printf '%-6s %-9s %8s %8s %9s %4s\n' "$mb" "$form" "$wall" "${rate[$form]}" "$((kib / 1024))" "$rc"
    [ "$rc" = 0 ] || sed 's/^/       /' "$scratch/err" | head -3
  done
  python3 -c "print(f'{$mb} MB: one-line throughput / lines throughput = {${rate[one_line]} / max(${rate[lines]}, 0.01):.2f}')"
done
