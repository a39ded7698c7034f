#!/usr/bin/env bash
# A mixed archive imported twice: every file must end indexed or listed
# with its reason, and the second run must OCR nothing.
#
#   bench/archive.sh [N] [SCANS]     (default 1000 files, 20 of them scans)
#
# The archive (examples/bench_ocr.rs `archive`): Karlsruhe silver papers
# as text PDFs and as text, SCANS of them scanned, Word/ODT/RTF/DOC
# copies, HTML pages, the Nordstemmen session bundle, broken files.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
n="${1:-1000}"
scans="${2:-20}"
cargo build --release --quiet --bin ratsindex --example bench_ocr
case "$CARGO_TARGET_DIR" in /*) target="$CARGO_TARGET_DIR" ;; *) target="$(pwd)/$CARGO_TARGET_DIR" ;; esac
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$target/release/examples/bench_ocr" archive ../shared/silver/karlsruhe "$scratch/archive" "$n" "$scans"
for run in 1 2; do
  flags=""; [ "$run" = 2 ] && flags="--checksum"
  "$target/release/ratsindex" ingest "$scratch/archive" --index "$scratch/idx" \
    --report "$scratch/r$run.json" $flags 2>"$scratch/log$run" || true
  tail -1 "$scratch/log$run"
done
python3 - "$scratch" <<'PY'
import json, os, sys
d = sys.argv[1]
files = sum(len(f) for _, _, f in os.walk(os.path.join(d, "archive")))
r1, r2 = (json.load(open(os.path.join(d, f"r{k}.json"))) for k in (1, 2))
accounted = r1["new"] + r1["duplicates"] + r1["failed"] + r1["ignored"]
print(f"files {files}; run 1: found {r1['found']}, new {r1['new']}, duplicates {r1['duplicates']}, "
      f"failed {r1['failed']} (each with path and reason: "
      f"{all(f.get('path') and f.get('reason') for f in r1['failures'])}), ignored {r1['ignored']}; "
      f"accounted {accounted}/{files}")
s = r1["scans"]
print(f"run 1: {len(s['ocr_files'])} files / {s['ocr_pages']} pages read by OCR "
      f"({s['ocr_pages_run']} by Tesseract), {len(s['needs_ocr'])} need OCR, "
      f"{len(s['bundles'])} bundles; documents {r1['documents']}")
reasons = {}
for f in r1["failures"]:
    key = f"{f.get('stage')}: {f['reason'][:50]}"
    reasons[key] = reasons.get(key, 0) + 1
for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])[:8]:
    print(f"  {v:4} × {k}")
s2 = r2["scans"]
print(f"run 2 (--checksum): unchanged {r2['unchanged']}, new {r2['new']}, pages by Tesseract {s2['ocr_pages_run']}")
PY
