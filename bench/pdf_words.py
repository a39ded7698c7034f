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
  fair       recall and precision with pdftotext's own joins and splits
             (below) counted as agreeing
  splits     words pdftotext prints whole that ratsindex splits in two
             (two words of ours, neighbours or not, that join to a word
             pdftotext has more often than we do), each listed

ratsindex's side is its text *as search reads it* (`bench_pdf reading`,
src/hyphen.rs): a line-end hyphen before a lower-case letter joins the word
("Verwal-" / "tung" -> "verwaltung"), in prose and in table cells;
"Baden-" / "Württemberg" stays two words. pdftotext joins
every line-end hyphen, so it prints "badenwürttemberg": such pairs are
counted apart ("pdftotext-joins", with page numbers "- 2 -" that pdftotext
joins to the next line's first word, and "Tilgung-" / "61200") and are not
splits. The reverse, "pdftotext-splits", are words of ours that pdftotext
prints as two (a table cell's line-end hyphen it does not join). `-v`
lists both.

The text comes from examples/bench_pdf.rs (the PDF reader with page
furniture kept, as pdftotext keeps it; build it with `cargo build --release
--example bench_pdf`). `--printed`
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
def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u00ad\n", "").replace("\u00ad", "")


def tokens(text):
    """(lower-cased word, separator before it, word as printed) of \\w+ words."""
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
    for (a, a_raw, b, sep, b_raw) in ((a, ar, b, sep, br) for (a, _, ar), (b, sep, br) in zip(toks, toks[1:])):
        broken = sep.strip() == "-" and "\n" in sep
        # A blank between the parts, or a line-end hyphen; a hyphen inside a
        # line ("Adensen-Hallerburg") is printed so and no split.
        if not (sep.strip() == "" or broken) or "\f" in sep:
            continue
        whole = a + b
        if surplus[whole] <= 0:
            continue
        surplus[whole] -= 1
        if broken and (b_raw[:1].isupper() or b_raw[:1].isdigit() or a_raw.isdigit()):
            # pdftotext joins every line-end hyphen: "Baden-" / "Württemberg",
            # the page number "- 2 -" and the next line's first word.
            capital.append(f"{a}-{b}")
        else:
            splits.append(f"{a}{'-' if broken else ''} {b}")
    # Parts that are not neighbours in our text (table cells: "Einstim-"
    # and "mig" are in one cell, other cells' words between them).
    spare = collections.Counter({w: n - ref[w] for w, n in mine.items() if n > ref[w]})
    for whole, n in list(surplus.items()):
        for _ in range(n):
            cut = next((i for i in range(2, len(whole) - 1)
                        if spare[whole[:i]] > 0 and spare[whole[i:]] > 0), None)
            if cut is None:
                break
            a, b = whole[:cut], whole[cut:]
            spare[a] -= 1
            spare[b] -= 1
            (capital if a.isdigit() or b[:1].isdigit() else splits).append(f"{a} … {b}")
    # The reverse: a word of ours that pdftotext prints as two of its spare
    # words, as where it does not join a table cell's line-end hyphen
    # ("Beschluss-" / "vorschlag" in a Beratungsergebnis grid).
    theirs_spare = collections.Counter(surplus)
    apart = []
    for whole, n in list(spare.items()):
        for _ in range(max(0, n)):
            cut = next((i for i in range(2, len(whole) - 1)
                        if theirs_spare[whole[:i]] > 0 and theirs_spare[whole[i:]] > 0), None)
            if cut is None:
                break
            a, b = whole[:cut], whole[cut:]
            theirs_spare[a] -= 1
            theirs_spare[b] -= 1
            spare[whole] -= 1
            apart.append(f"{a} {b}")
    # Agreement with pdftotext's own joins and splits (listed) counted as
    # agreeing: one word on one side is two on the other.
    ref_n, mine_n = max(1, sum(ref.values())), max(1, sum(mine.values()))
    fair = (min(1.0, (common + len(capital) + 2 * len(apart)) / ref_n),
            min(1.0, (common + 2 * len(capital) + len(apart)) / mine_n))
    return recall, precision, splits, capital, apart, fair


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
    ap.add_argument("-v", "--verbose", action="store_true", help="list pdftotext's own joins and splits too")
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
        mode = "text" if args.printed else "reading"
        run = subprocess.run([args.bin, mode, path], capture_output=True)
        if run.returncode != 0:
            print(f"FAILED {path}: {run.stderr.decode(errors='replace').strip()}", file=sys.stderr)
            continue
        ours = normalise(run.stdout.decode("utf-8", "replace"))
        r, p, splits, capital, apart, (fr, fp) = compare(reference, ours)
        rows.append((r, p, len(splits), fr, fp))
        name = os.path.relpath(path, ROOT)
        print(f"recall {r:.4f} precision {p:.4f} | fair {fr:.4f} {fp:.4f} | splits {len(splits):3d} "
              f"pdftotext-joins {len(capital):2d} pdftotext-splits {len(apart):2d}  {name}")
        for s in splits:
            print(f"    split: {s}")
        if args.verbose:
            for s in capital:
                print(f"    pdftotext joins: {s}")
            for s in apart:
                print(f"    pdftotext splits: {s}")
    if rows:
        n = len(rows)
        col = lambda k: [row[k] for row in rows]
        print(f"{n} PDFs: mean recall {sum(col(0)) / n:.4f}, mean precision {sum(col(1)) / n:.4f}, "
              f"min recall {min(col(0)):.4f}, min precision {min(col(1)):.4f}, splits {sum(col(2))}")
        print(f"  fair (pdftotext's own joins/splits as agreeing): mean recall {sum(col(3)) / n:.4f}, "
              f"mean precision {sum(col(4)) / n:.4f}, min recall {min(col(3)):.4f}, "
              f"min precision {min(col(4)):.4f}")


if __name__ == "__main__":
    main()
