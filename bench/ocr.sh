#!/usr/bin/env bash
# OCR: quality and throughput on scans made from real papers, release build.
#
#   bench/ocr.sh [N]      (N silver papers, default 20)
#
# N papers spread over the Karlsruhe silver set are typeset as text PDFs
# and scanned from them (200 dpi grey, grain + specks, image-only PDF).
# Prints
#  (a) throughput, ROUNDS times (default 3; interleaved, cold OCR cache
#      each time), then each side's best time and the ratios of the best
#      times, of wall time (the goal: pages/s) and of CPU seconds (user +
#      sys of the command and its children, which depend little on the
#      machine's load):
#      - baseline: `tesseract` alone on the scans' page images, exactly
#        the images the PDFs hold, written as ratsindex writes them (8-bit
#        grey PGM, `bench_ocr pages`), same settings as ratsindex (-l deu
#        --psm 3 --dpi 200 tsv, one thread each, as many at once as cores);
#      - `ratsindex extract` on the scan PDFs (all cores): reads each PDF,
#        writes each page's own image as a PGM for Tesseract (no
#        rasterising), extracts the fields;
#      - the same with RATSINDEX_OCR_RASTERISE=1: every page rasterised by
#        `pdftoppm` first (the method before the page images were used);
#  (b) word agreement of each scan's OCR text with the text PDF's text;
#  (c) silver field scores of the scans against those of the text PDFs
#      (../shared/silver/score_silver.py), and the ratios.
# (b) and (c) use the page-image path (the cache of the last round).
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
# The scan images as stored in the PDFs (one per page, 8-bit grey), as
# ratsindex writes them for Tesseract; their resolution for --dpi.
dpi=$("$bench" pages "$scratch")
pages=$(ls "$scratch"/pages/*.pgm | wc -l)
cores=$(nproc)
rounds="${ROUNDS:-3}"
echo "papers: $n, scanned pages: $pages, cores: $cores, rounds: $rounds"

# `timed FILE CMD...`: runs CMD, appends "wall user+sys" seconds (CPU of
# CMD and all its children) to FILE. CPU seconds hardly depend on what
# else the machine runs; wall seconds (the goal's pages/s) do.
timed() {
  local out="$1"; shift
  local TIMEFORMAT='%R %U %S'
  { time "$@" ; } 2>>"$out.err"
  tail -1 "$out.err" | awk '{ printf "%s %s\n", $1, $2 + $3 }' >"$out"
  sed "s/^/${out##*.} /" "$out" >>"$out.all"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
base() {
  ls "$scratch"/pages/*.pgm | OMP_THREAD_LIMIT=1 xargs -P "$cores" -I{} \
    tesseract {} {} -l deu --psm 3 --dpi "$dpi" tsv 2>/dev/null
}
ours() {
  rm -rf "$scratch/cache"
  "$bin" extract --ocr-cache "$scratch/cache" "$scratch"/scan/*.pdf >"$scratch/scan.jsonl"
}
raster() {
  rm -rf "$scratch/cache-raster"
  RATSINDEX_OCR_RASTERISE=1 "$bin" extract --ocr-cache "$scratch/cache-raster" \
    "$scratch"/scan/*.pdf >"$scratch/scan-raster.jsonl"
}
for round in $(seq "$rounds"); do
  l0=$(load)
  timed "$scratch/t.base" base
  timed "$scratch/t.ours" ours
  timed "$scratch/t.raster" raster
  l1=$(load)
  read -r bw bc <"$scratch/t.base"
  read -r ow oc <"$scratch/t.ours"
  read -r rw rc <"$scratch/t.raster"
  awk -v p="$pages" -v bw="$bw" -v bc="$bc" -v ow="$ow" -v oc="$oc" -v rw="$rw" -v rc="$rc" \
    -v r="$round" -v l0="$l0" -v l1="$l1" 'BEGIN {
    printf "(a) round %d (load average %s before, %s after)\n", r, l0, l1;
    printf "    tesseract alone on the page images: %.1f s, %.2f pages/s; CPU %.1f s\n", bw, p / bw, bc;
    printf "    ratsindex extract (page images + tesseract + extraction): %.1f s, %.2f pages/s, ratio %.2f; CPU %.1f s, ratio %.2f\n", ow, p / ow, ow / bw, oc, oc / bc;
    printf "    ratsindex extract, RATSINDEX_OCR_RASTERISE=1 (pdftoppm + tesseract + extraction): %.1f s, %.2f pages/s, ratio %.2f; CPU %.1f s, ratio %.2f\n", rw, p / rw, rw / bw, rc, rc / bc;
  }' | tee -a "$scratch/rounds.txt"
done
# Summary: each side's best (least) time over the rounds, then the
# ratios of those: the best time is the one least slowed by other jobs.
cat "$scratch"/t.*.all | awk '
  { if (!($1 in w) || $2 + 0 < w[$1]) w[$1] = $2 + 0; if (!($1 in c) || $3 + 0 < c[$1]) c[$1] = $3 + 0 }
  END {
    printf "(a) best of %d rounds: tesseract alone %.1f s wall (%.2f pages/s), %.1f s CPU\n", '"$rounds"', w["base"], '"$pages"' / w["base"], c["base"];
    printf "    ratsindex extract, page images: %.1f s wall (%.2f pages/s), %.1f s CPU; ratios wall %.2f (goal: at most 1.10), CPU %.2f\n", w["ours"], '"$pages"' / w["ours"], c["ours"], w["ours"] / w["base"], c["ours"] / c["base"];
    printf "    ratsindex extract, pdftoppm:    %.1f s wall (%.2f pages/s), %.1f s CPU; ratios wall %.2f, CPU %.2f\n", w["raster"], '"$pages"' / w["raster"], c["raster"], w["raster"] / w["base"], c["raster"] / c["base"];
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
