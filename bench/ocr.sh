#!/usr/bin/env bash
# OCR: quality and throughput on scans made from real papers, release build.
#
#   bench/ocr.sh [N]      (N silver papers, default 20)
#
# N papers spread over the Karlsruhe silver set are typeset as text PDFs
# and scanned from them (200 dpi grey, grain + specks, image-only PDF).
# Prints
#  (a) throughput: `ratsindex extract` on the scans (all cores, cold OCR
#      cache) against `tesseract` alone on the same page images with the
#      same settings (one thread each, as many at once as cores), pages/s
#      and the ratio;
#  (b) word agreement of each scan's OCR text with the text PDF's text;
#  (c) silver field scores of the scans against those of the text PDFs
#      (../shared/silver/score_silver.py), and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
n="${1:-20}"
silver=../shared/silver/karlsruhe
[ -d "$silver" ] || { echo "$silver missing" >&2; exit 2; }
for tool in tesseract pdftoppm python3; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install tesseract-ocr tesseract-ocr-deu poppler-utils)" >&2; exit 2; }
done
cargo build --release --quiet --bin ratsindex --example bench_ocr
case "$CARGO_TARGET_DIR" in /*) target="$CARGO_TARGET_DIR" ;; *) target="$(pwd)/$CARGO_TARGET_DIR" ;; esac
bin="$target/release/ratsindex"
bench="$target/release/examples/bench_ocr"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$bench" prepare "$silver" "$scratch" "$n"
mkdir -p "$scratch/pages"
for pdf in "$scratch"/scan/*.pdf; do
  # The scan images at their own resolution, as ratsindex reads them.
  pdftoppm -r 200 -gray "$pdf" "$scratch/pages/$(basename "$pdf" .pdf)"
done
pages=$(ls "$scratch"/pages/*.pgm | wc -l)
cores=$(nproc)
echo "papers: $n, scanned pages: $pages, cores: $cores"

now() { date +%s.%N; }
t0=$(now)
ls "$scratch"/pages/*.pgm | OMP_THREAD_LIMIT=1 xargs -P "$cores" -I{} \
  tesseract {} {} -l deu --psm 3 tsv 2>/dev/null
t1=$(now)
"$bin" extract --ocr-cache "$scratch/cache" "$scratch"/scan/*.pdf >"$scratch/scan.jsonl"
t2=$(now)
awk -v p="$pages" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  base = b - a; ours = c - b;
  printf "(a) tesseract alone: %.1f s, %.2f pages/s\n", base, p / base;
  printf "    ratsindex extract (pdftoppm + tesseract + extraction): %.1f s, %.2f pages/s, ratio %.2f\n", ours, p / ours, ours / base;
}'

echo "(b) word agreement, scan OCR against the text PDF:"
"$bench" agree "$scratch" | tail -1

# score_silver runs BINARY extract FILE...; the wrapper reuses the cache.
wrapper="$scratch/ratsindex-cached"
printf '#!/bin/sh\nexec "%s" "$@" --ocr-cache "%s"\n' "$bin" "$scratch/cache" >"$wrapper"
chmod +x "$wrapper"
python3 ../shared/silver/score_silver.py "$wrapper" "$scratch/text" --json >"$scratch/text.json"
python3 ../shared/silver/score_silver.py "$wrapper" "$scratch/scan" --json >"$scratch/scan.json"
python3 - "$scratch/text.json" "$scratch/scan.json" <<'PY'
import json, sys
def load(path):
    raw = open(path).read()
    return json.loads(raw[: raw.rfind("}") + 1])  # a summary line follows
text, scan = (load(p) for p in sys.argv[1:3])
def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[prefix + k] = v
    return out
t, s = flat(text), flat(scan)
print("(c) silver field scores   text PDF   scan   scan/text")
for k in sorted(t):
    if k in s and (k.endswith(".score") or k == "overall" or "share" in k):
        ratio = s[k] / t[k] if t[k] else float("nan")
        print(f"    {k:<32} {t[k]:8.3f} {s[k]:7.3f} {ratio:8.2f}")
PY
