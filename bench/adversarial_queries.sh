#!/usr/bin/env bash
# 2,000 hostile queries against the release binary (see
# examples/adversarial_queries.rs): 0 panics, 0 aborts, 0 hangs expected.
#
#   bench/adversarial_queries.sh [COUNT] [SEED]
#
# The index is the bundled fixtures, ingested into a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin ratsindex --example adversarial_queries
bin="$CARGO_TARGET_DIR/release/ratsindex"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$bin" ingest fixtures --index "$scratch/index" --quiet || [ $? -eq 1 ]
"$CARGO_TARGET_DIR/release/examples/adversarial_queries" "$bin" "$scratch/index" "${1:-2000}" "${2:-19}"
