#!/usr/bin/env python3
"""Word agreement of ratsindex's PDF text with poppler's pdftotext.

    bench/pdf_words.py [--bin BENCH_PDF] [FILE.pdf | DIR ...]

Without arguments: every PDF below ../shared/corpus and fixtures/pdf.
For each PDF with a text layer, both texts become a multiset of
lower-cased `\\w+` words (NFKC; a soft hyphen at a line end joins the
word, as both tools print it), pdftotext in its default (reading order)
mode. Printed per file:

  recall     share of pdftotext's words that ratsindex has
  precision  share of ratsindex's words that pdftotext has
  splits     words pdftotext prints whole that ratsindex splits in two
             (adjacent words of ours that join to a word pdftotext has
             more often than we do), each listed

ratsindex's side is its text *as search indexes it*: a line-end hyphen
before a lower-case letter joins the word ("Verwal-" / "tung" ->
"verwaltung"); "Baden-" / "Württemberg" stays two words. pdftotext joins
every line-end hyphen, so it prints "badenwürttemberg": such pairs are
counted apart (as "pdftotext joins a capital") and are not splits.

The text comes from `bench_pdf text FILE` (examples/bench_pdf.rs: the
PDF reader with page furniture kept, as pdftotext keeps it). `--printed`
compares the printed text instead (no hyphen joining on our side).
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(r"\w+")
# A hyphen at a line end before a lower-case letter: the word goes on.
JOIN = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=[^\W\d_])")


def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u00ad\n", "").replace("\u00ad", "")


def indexed(text):
    """Our text with line-end hyphens joined the way search indexes it."""
    return JOIN.sub(lambda m: m.group(1) if _lower_next(text, m.end()) else m.group(0), text)


def _lower_next(text, at):
    return at < len(text) and text[at].islower()


def tokens(text):
    """(word, separator-before) pairs of lower-cased \\w+ words."""
    out, last = [], 0
    for m in WORD.finditer(text):
        out.append((m.group(0).lower(), text[last:m.start()], m.group(0)))
        last = m.end()
    return out


def compare(reference, ours):
    ref = collections.Counter(w for w, _, _ in tokens(reference))
    toks = tokens(ours)
    mine = collections.Counter(w for w, _, _ in toks)
    common = sum(min(n, mine[w]) for w, n in ref.items())
    recall = common / max(1, sum(ref.values()))
    precision = common / max(1, sum(mine.values()))
    surplus = collections.Counter({w: n - mine[w] for w, n in ref.items() if n > mine[w]})
    splits, capital = [], []
    for (a, _, _), (b, sep, b_raw) in zip(toks, toks[1:]):
        if sep.strip() not in ("", "-") or "\f" in sep:
            continue
        whole = a + b
        if surplus[whole] <= 0 or mine[a] > ref[a] == 0 and False:
            continue
        surplus[whole] -= 1
        if "-" in sep and "\n" in sep and b_raw[:1].isupper():
            capital.append(f"{a}-{b}")
        else:
            splits.append(f"{a}{'-' if '-' in sep else ''} {b}")
    return recall, precision, splits, capital


def pdfs(paths):
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in sorted(os.walk(p)):
                for f in sorted(fs):
                    if f.lower().endswith(".pdf"):
                        yield os.path.join(d, f)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"), "release/examples/bench_pdf"))
    ap.add_argument("--printed", action="store_true")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    paths = args.paths or [os.path.join(ROOT, "../shared/corpus"), os.path.join(ROOT, "fixtures/pdf")]
    rows = []
    for path in pdfs(paths):
        ref = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True)
        if ref.returncode != 0:
            continue
        reference = normalise(ref.stdout.decode("utf-8", "replace"))
        if not WORD.search(reference):
            continue
        run = subprocess.run([args.bin, "text", path], capture_output=True)
        if run.returncode != 0:
            print(f"FAILED {path}: {run.stderr.decode(errors='replace').strip()}", file=sys.stderr)
            continue
        ours = normalise(run.stdout.decode("utf-8", "replace"))
        if not args.printed:
            ours = indexed(ours)
        r, p, splits, capital = compare(reference, ours)
        rows.append((r, p, len(splits)))
        name = os.path.relpath(path, ROOT)
        print(f"recall {r:.4f} precision {p:.4f} splits {len(splits):3d} capital-joins {len(capital):2d}  {name}")
        for s in splits:
            print(f"    split: {s}")
    if rows:
        n = len(rows)
        print(f"{n} PDFs: mean recall {sum(r for r, _, _ in rows) / n:.4f}, "
              f"mean precision {sum(p for _, p, _ in rows) / n:.4f}, "
              f"min recall {min(r for r, _, _ in rows):.4f}, min precision {min(p for _, p, _ in rows):.4f}, "
              f"splits {sum(s for _, _, s in rows)}")


if __name__ == "__main__":
    main()
