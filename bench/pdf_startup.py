#!/usr/bin/env python3
"""One-file `ratsindex extract` against `pdftotext FILE -`: wall clock, same
run, release build, best of N (the least disturbed run on a shared machine).

    bench/pdf_startup.py [--bin RATSINDEX] [--baseline RATSINDEX] [-n N] [--instructions]

Prints, for ratsindex (and the --baseline binary, e.g. one built from main,
measured in the same run, interleaved):

  fixed      `ratsindex extract` of a one-line text file: process start,
             rule compilation, JSON out, nothing to read
  per page   (extract of the 14-page corpus bundle - fixed) / 14
  one paper  `ratsindex extract` of one typical paper (DS 53/2025, 2
             pages) against `pdftotext` of it; ratio > 1: ratsindex faster
  corpus     one `ratsindex extract` over every corpus PDF against
             `pdftotext` called once per file

A second block gives the same cases' CPU time (user + system of all
threads, best of N), which a busy machine disturbs less than wall clock.

ratsindex runs with `--ocr never`: pdftotext reads the text layer only.

Needs ../shared/corpus and pdftotext (poppler-utils). Build first:
`cargo build --release --bin ratsindex`.
"""
import argparse
import glob
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "../shared/corpus")
PAPER = os.path.join(CORPUS, "nordstemmen/Beschlussvorlage_DS_53-2025.pdf")
BUNDLE = os.path.join(CORPUS, "nordstemmen/Oeffentliche_Sitzungsunterlagen_Rat_21.12.2021-41-54.pdf")
BUNDLE_PAGES = 14


def wall(cmds):
    """Seconds to run the commands one after another: wall clock, and CPU
    (user + system of all their threads), which a busy machine disturbs
    less."""
    cpu = lambda: sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    t, c = time.perf_counter(), cpu()
    for cmd in cmds:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, cpu() - c


def instructions(cmd):
    """Instructions one command runs, counted by callgrind."""
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in run.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"no instruction count from valgrind for {cmd}")


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    ap.add_argument("--bin", default=os.path.join(target, "release/ratsindex"))
    ap.add_argument("--baseline")
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions (valgrind --tool=callgrind, all threads): "
                         "figures a busy machine does not disturb")
    args = ap.parse_args()
    for need in (PAPER, BUNDLE):
        if not os.path.exists(need):
            sys.exit(f"missing {need} (../shared beside the repository)")
    pdfs = sorted(glob.glob(os.path.join(CORPUS, "**/*.pdf"), recursive=True))
    tiny = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    tiny.write("Beschlussvorlage\n")
    tiny.close()

    # pdftotext reads no scans: two corpus PDFs are page images that
    # ratsindex would OCR by default (`--ocr auto`, seconds per page), so
    # both sides read only the text layer.
    bins = [("ratsindex", args.bin)] + ([("baseline", args.baseline)] if args.baseline else [])
    cases = {}
    for name, b in bins:
        cases[(name, "fixed")] = [[b, "extract", "--ocr", "never", tiny.name]]
        cases[(name, "bundle")] = [[b, "extract", "--ocr", "never", BUNDLE]]
        cases[(name, "paper")] = [[b, "extract", "--ocr", "never", PAPER]]
        cases[(name, "corpus")] = [[b, "extract", "--ocr", "never", *pdfs]]
    cases[("pdftotext", "paper")] = [["pdftotext", PAPER, "-"]]
    cases[("pdftotext", "corpus")] = [["pdftotext", p, "-"] for p in pdfs]
    best = {k: float("inf") for k in cases}
    best_cpu = {k: float("inf") for k in cases}
    # Interleaved: each round runs every case once, so a busy moment of the
    # machine hits all sides alike.
    for _ in range(args.n):
        for k, cmds in cases.items():
            took, cpu = wall(cmds)
            best[k], best_cpu[k] = min(best[k], took), min(best_cpu[k], cpu)
    if args.instructions:
        counts = {}
        for k in [k for k in cases if k[1] in ("fixed", "paper", "bundle")]:
            counts[k] = sum(instructions(cmd) for cmd in cases[k])
        mi = lambda n: f"{n / 1e6:6.1f} M"
        pt = counts[("pdftotext", "paper")]
        print(f"instructions (callgrind, all threads): pdftotext one paper {mi(pt)}")
        for name, _ in bins:
            fixed, paper = counts[(name, "fixed")], counts[(name, "paper")]
            page = (counts[(name, "bundle")] - fixed) / BUNDLE_PAGES
            print(f"{name:10}  fixed {mi(fixed)}   per page {mi(page)}   one paper {mi(paper)} "
                  f"(pdftotext/ratsindex {pt / paper:4.2f}x)")
    os.unlink(tiny.name)

    ms = lambda s: f"{1000 * s:7.1f} ms"
    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}; best of {args.n}")
    pt_paper, pt_corpus = best[("pdftotext", "paper")], best[("pdftotext", "corpus")]
    print(f"pdftotext   one paper {ms(pt_paper)}   {len(pdfs)} PDFs one call each {ms(pt_corpus)}")
    for name, _ in bins:
        fixed = best[(name, "fixed")]
        page = (best[(name, "bundle")] - fixed) / BUNDLE_PAGES
        paper, corpus = best[(name, "paper")], best[(name, "corpus")]
        print(f"{name:10}  fixed {ms(fixed)}   per page {ms(page)}   one paper {ms(paper)} "
              f"(pdftotext/ratsindex {pt_paper / paper:4.2f}x)   {len(pdfs)} PDFs one call {ms(corpus)} "
              f"(pdftotext per file / ratsindex {pt_corpus / corpus:4.2f}x)")
    pt_paper, pt_corpus = best_cpu[("pdftotext", "paper")], best_cpu[("pdftotext", "corpus")]
    print(f"CPU (user+sys, all threads, best of {args.n}): pdftotext one paper {ms(pt_paper)}   "
          f"{len(pdfs)} PDFs one call each {ms(pt_corpus)}")
    for name, _ in bins:
        fixed, paper, corpus = (best_cpu[(name, c)] for c in ("fixed", "paper", "corpus"))
        print(f"{name:10}  fixed {ms(fixed)}   one paper {ms(paper)} "
              f"(pdftotext/ratsindex {pt_paper / paper:4.2f}x)   {len(pdfs)} PDFs one call {ms(corpus)} "
              f"(pdftotext per file / ratsindex {pt_corpus / corpus:4.2f}x)")


if __name__ == "__main__":
    main()
