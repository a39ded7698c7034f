#!/usr/bin/env bash
# Guard for performance-only changes: every `ratsindex extract` output
# (JSON Lines and --explain) of two binaries must be byte-identical.
#
#   bench/identical.sh BASE_BIN [NEW_BIN] [OUT_DIR]
#
# BASE_BIN: a release binary built from the commit to compare against
# (e.g. main: `git worktree`/`git stash`, build, copy the binary away).
# NEW_BIN defaults to $CARGO_TARGET_DIR/release/ratsindex (else
# target/release/ratsindex). Inputs, each file in sorted order through
# --files-from (one output line per file, errors included): the 600
# silver texts, every corpus file, the seeds (../shared, skipped loudly
# when missing) and every fixture under fixtures/. stderr is compared
# too. Exit 0 when all outputs agree, 1 with a diff summary otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/identical.sh BASE_BIN [NEW_BIN] [OUT_DIR]}
new=${2:-${CARGO_TARGET_DIR:-target}/release/ratsindex}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
sets=()
for d in ../shared/silver/karlsruhe/texts ../shared/corpus ../shared/seeds; do
  if [ -d "$d" ]; then sets+=("$d"); else echo "identical.sh: SKIP missing $d" >&2; fi
done
sets+=(fixtures)
fail=0
for d in "${sets[@]}"; do
  name=$(echo "$d" | tr '/.' '__')
  find "$d" -type f | LC_ALL=C sort > "$out/$name.list"
  for side in base new; do
    bin=$base; [ "$side" = new ] && bin=$new
    "$bin" extract --files-from "$out/$name.list" > "$out/$name.$side.json" 2> "$out/$name.$side.err" || true
    xargs -d "\n" "$bin" extract --explain < "$out/$name.list" > "$out/$name.$side.explain" 2> /dev/null || true
  done
  for ext in json err explain; do
    if cmp -s "$out/$name.base.$ext" "$out/$name.new.$ext"; then
      echo "same      $d ($ext, $(wc -l < "$out/$name.base.$ext") lines)"
    else
      echo "DIFFERENT $d ($ext): diff $out/$name.base.$ext $out/$name.new.$ext"
      fail=1
    fi
  done
done
exit $fail
