#!/usr/bin/env bash
# Builds the seed directories of the fuzz targets from the repo's fixtures
# and the shared corpus (../shared/corpus beside the repo), at run time: no
# shared document is copied into the repo.
#
#   fuzz/seeds.sh [OUT]     (default OUT: fuzz/seeds)
#
# Seeds per target: OUT/pdf, OUT/html, OUT/text, OUT/extract, OUT/query.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out=${1:-$here/seeds}
shared=$(realpath -m "${RATSINDEX_SHARED:-$repo/../shared}")
corpus=$shared/corpus
# AFL works best on small inputs; larger corpus files add little coverage
# per exec. Files above this many bytes are left out.
# PDFs get a lower limit: AFL keeps a copy of every input that adds
# coverage, and mutants of a 250 KB PDF filled the disk.
max_bytes=${SEED_MAX_BYTES:-300000}
max_pdf_bytes=${SEED_MAX_PDF_BYTES:-128000}

rm -rf "$out"
mkdir -p "$out"/{pdf,html,text,extract,query}

# Copies files to a target's seed dir under a name made from their path.
add() {
  local dir=$1
  shift
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    local max=$max_bytes
    [ "$dir" = pdf ] && max=$max_pdf_bytes
    [ "$(stat -c %s "$f")" -le "$max" ] || continue
    local name=${f#"$shared"/}
    name=${name#"$repo"/}
    cp "$f" "$out/$dir/${name//\//_}"
  done
}

add pdf "$repo"/fixtures/pdf/*.pdf
add html "$repo"/fixtures/html/*.htm*
add text "$repo"/fixtures/text/*.txt "$repo"/fixtures/pdf/paper.txt
add extract "$repo"/fixtures/text/*.txt "$repo"/fixtures/html/*.expected.txt
if [ -d "$corpus" ]; then
  while IFS= read -r -d '' f; do add pdf "$f"; done < <(find "$corpus" -name '*.pdf' -print0)
  while IFS= read -r -d '' f; do
    add text "$f"
    add extract "$f"
  done < <(find "$corpus" -name '*.txt' -print0)
  while IFS= read -r -d '' f; do add html "$f"; done < <(find "$corpus" -name '*.htm*' -print0)
else
  echo "seeds.sh: $corpus not found; seeds from fixtures only" >&2
fi

# A few small HTML pages for what the fixtures lack: a declared legacy
# charset, a BOM, tables, lists, entities, scripts and attachment links.
printf '%s' '<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Vorlage</title></head><body><h1>Drucksache 12/2024</h1><table><tr><th>Beratungsfolge</th><td>Rat</td></tr></table><p>Beschlussvorschlag: Der Rat beschlie&szlig;t &amp; &#x2013; &nbsp;</p><a href="anlage1.pdf">Anlage 1</a><script>var x="<p>";</script></body></html>' >"$out/html/inline_charset.html"
printf '\xef\xbb\xbf<html><body><ul><li>eins<li>zwei</ul><pre>a\tb</pre><br><div><div><span>tief</span></div></div><a title="Anlage" href="/getfile.asp?id=7">x</a></body></html>' >"$out/html/inline_bom.html"
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>Stra\xdfe<p>Gem\xe4\xdf \xa7 5</p></body></html>' >"$out/html/inline_latin1.html"

# Queries: the README's and tests' kinds of query, one per file.
i=0
while IFS= read -r q; do
  i=$((i + 1))
  printf '%s' "$q" >"$out/query/q$i"
done <<'QUERIES'
Radverkehr
"Ausbau der Radwege" AND Parkgebühr
Radverk* -Parkgebühren
title:Haushalt OR decision_proposal:"beschließt"
DS 1822/24
VO/7605/2020
body:Erfurt AND type:Antrag
date:[2023-01-01T00:00:00Z TO 2024-12-31T00:00:00Z]
year:2024 +(Schule OR Kita)^2
(Parkgebühr OR (Radweg AND NOT Auto))
committee:*
Drucksache 0456/23
Straßenbahn~1
QUERIES

# Dictionaries (AFL -x): the extractor's vocabulary from the rule files
# (labels, headings, paper types), and the query grammar's tokens.
# AFL wants printable ASCII in a dictionary; other bytes are written \xNN.
escape() {
  LC_ALL=C awk -v prefix="$1" '
    BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    {
      out = ""
      for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1); o = ord[c]
        out = out ((o < 32 || o > 126 || c == "\\" || c == "\"") ? sprintf("\\x%02x", o) : c)
      }
      printf "%s%d=\"%s\"\n", prefix, NR, out
    }'
}
grep -ho '"[^"\\]\{3,40\}"' "$repo"/src/extract/rules/*.toml | sed 's/^"//; s/"$//' | sort -u |
  escape r >"$out/extract.dict"
printf '%s\n' AND OR NOT TO IN '(' ')' '"' '[' ']' '{' '}' '^2' '~1' '*' + - : '\' \
  title: text: body: type: committee: actor: date: year: reference: cites: \
  decision_proposal: title_exact: '2024-01-01T00:00:00Z' / 'DS ' 'Drucksache ' VO/ |
  escape q >"$out/query.dict"

for d in pdf html text extract query; do
  printf '%s: %s seeds\n' "$d" "$(find "$out/$d" -type f | wc -l)" >&2
done
