#!/usr/bin/env bash
# Load test of `ratsindex serve` on loopback, bounded in time:
#
#   bench/serve_load.sh [INDEX_DIR]
#
# Environment: PAPERS (default 100000), CLIENTS (default 50), LOAD_SECONDS
# (default 60), CARGO_TARGET_DIR.
#
# Builds the release binary and examples; if INDEX_DIR (default
# /tmp/ratsindex-serve-load; /dev/shm/... keeps it off a full disk) holds
# no index, writes PAPERS generated papers
# into it (examples/search_bench.rs --build: ~8 KB of German council text
# each, four bodies, 2015-2024, seed fixed). Then examples/serve_load.rs
# runs, in the same run:
# CLIENTS threads for LOAD_SECONDS calling the search in process with the
# search page's request and writing JSON like `search --json` (the
# baseline), then CLIENTS clients for LOAD_SECONDS asking `ratsindex serve` for
# the search pages of the same queries. It prints both latencies, the
# errors and the p99 ratio; goal: no errors and p99 within 1.5x.
# Exit code: 0 goal met, 1 not met, 2 setup error.
set -euo pipefail
cd "$(dirname "$0")/.."

INDEX=${1:-/tmp/ratsindex-serve-load}
PAPERS=${PAPERS:-100000}
CLIENTS=${CLIENTS:-50}
SECONDS_EACH=${LOAD_SECONDS:-60}
cargo build --release --quiet --bin ratsindex --example search_bench --example serve_load
BIN=${CARGO_TARGET_DIR:-target}/release

if [ ! -f "$INDEX/meta.json" ]; then
  echo "serve_load: writing $PAPERS generated papers into $INDEX" >&2
  "$BIN/examples/search_bench" "$INDEX" --build "$PAPERS" --runs 1 --process-runs 1 >/dev/null
fi
exec "$BIN/examples/serve_load" "$INDEX" --clients "$CLIENTS" --seconds "$SECONDS_EACH"
