#!/usr/bin/env python3
"""Count finance rows and decision proposals over a folder of paper texts.

Usage:
    bench/finance_decision.py BINARY DIR [--list finance|decision|miss] [--limit N]

For every `*.txt` under DIR it runs `BINARY extract` (in batches) and,
independently of the extractor, reads the text itself:

- the finance section: from a line starting with "Finanzielle Auswirkung"
  (or another common finance heading) for at most 30 lines, up to a line
  that starts another part of the form (Ergänzende Erläuterungen,
  CO2-Relevanz, Anhörung, Begründung, …);
- whether that section prints an amount: a German number followed by a
  currency word (€, EUR, Euro, T€, TEUR, Mio.);
- whether the paper has a decision heading or lead-in at a line start
  (Beschlussvorschlag, Beschlussantrag, Antrag:, Petitum, Empfehlung,
  "… möge beschließen", "… beschließt:").

It prints: papers with a finance section, papers printing amounts there,
how many of those get finance rows with an amount, the impact values, and
papers with a decision heading and how many get a decision_proposal.
The reading here is deliberately simple and independent of the Rust
rules; it is a yardstick, not a second extractor. Python 3, stdlib only.
"""

import collections
import json
import pathlib
import re
import subprocess
import sys

HEADING = re.compile(
    r"^\s*(?:[0-9IVX]{1,3}[.)]?\s*)?(?:Finanzielle Auswirkung|Haushaltsmäßige Auswirkung"
    r"|Auswirkungen auf den Haushalt|Kosten und Finanzierung|Finanzierung\s*$)",
    re.I,
)
SECTION_END = re.compile(
    r"^\s*(?:Ergänzende Erläuterung|CO2|CO\s*$|IQ-relevant|Anhörung|Abstimmung mit"
    r"|Begründung|Sachverhalt|Beschlussvorschlag|Beschlussantrag|Anlage|Klima)",
    re.I,
)
AMOUNT = re.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3})*(?:,\d{1,2}|,-+)?\s*(?:€|EUR\b|Euro|Eu-|T€|TEUR|Mio)"
    r"|(?<![\d.,])\d{4,}(?:,\d{1,2})?\s*(?:€|EUR\b|Euro)",
    re.I,
)
DECISION = re.compile(
    r"^[ \t]*(?:[A-Z0-9]{1,3}[.)][ \t]*)?(?:Beschlussvorschlag|Beschlußvorschlag|Beschlussantrag"
    r"|Beschlussentwurf|Antrag[ \t]*:|Antrag an (?:den|die|das)|Petitum|Empfehlung[ \t]*:?[ \t]*$"
    r"|Beschlussempfehlung|Entscheidungsvorschlag)"
    r"|(?:möge|wolle|mögen|wollen)[ \t]+(?:folgendes[ \t]+)?beschließen[ \t]*:?[ \t]*$"
    r"|\bbeschließt[ \t]*:[ \t]*$",
    re.I | re.M,
)
# A bare "Antrag" line is the paper type or a running header, not a
# heading, so it is not counted above.


def finance_section(text):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        # A heading wrapped in a narrow cell: "Finanzielle" / "Auswirkungen".
        if line.strip() == "Finanzielle" and i + 1 < len(lines):
            line = line.strip() + " " + lines[i + 1].strip()
        if len(line.strip()) < 120 and HEADING.search(line):
            out = [line]
            for nxt in lines[i + 1 : i + 31]:
                if SECTION_END.search(nxt):
                    break
                out.append(nxt)
            return "\n".join(out)
    return None


def run(binary, files):
    records = {}
    for start in range(0, len(files), 50):
        batch = files[start : start + 50]
        res = subprocess.run(
            [binary, "extract", *map(str, batch)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        outs = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
        if res.returncode != 0 or len(outs) != len(batch):
            # A crash loses the batch's pairing: run its files one by one.
            for f in batch:
                one = subprocess.run([binary, "extract", str(f)], capture_output=True, text=True)
                if one.returncode != 0 or not one.stdout.strip():
                    print(f"NO OUTPUT: {f.name}: {one.stderr.strip()[-200:]}", file=sys.stderr)
                    continue
                records[f.name] = json.loads(one.stdout)
            continue
        for f, rec in zip(batch, outs):
            records[f.name] = rec
    return records


def has_rows(fin):
    rows = fin.get("rows") or []
    return any(
        r.get("amount") is not None or any(a is not None for a in r.get("amounts", []))
        for r in rows
    )


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    binary, folder = args[0], pathlib.Path(args[1])
    listing = args[args.index("--list") + 1] if "--list" in args else None
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 10**9
    files = sorted(folder.rglob("*.txt"))
    files = [f for f in files if f.name != "README.txt"]
    records = run(binary, files)
    c = collections.Counter()
    impacts = collections.Counter()
    shown = 0
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        rec = records.get(f.name, {})
        fin = rec.get("finance") or {}
        impacts[str(fin.get("impact"))] += 1
        section = finance_section(text)
        amounts = AMOUNT.findall(section) if section else []
        got = has_rows(fin)
        c["papers"] += 1
        c["with rows"] += got
        if section:
            c["finance section"] += 1
        if amounts:
            c["section prints amounts"] += 1
            c["  … of these with rows"] += got
        decision = DECISION.search(text)
        if decision:
            c["decision heading"] += 1
            c["  … of these with decision_proposal"] += bool(rec.get("decision_proposal"))
        c["decision_proposal (any)"] += bool(rec.get("decision_proposal"))
        want = {
            "finance": bool(amounts),
            "miss": bool(amounts) and not got,
            "decision": bool(decision) and not rec.get("decision_proposal"),
        }.get(listing)
        if want and shown < limit:
            shown += 1
            print(f"=== {f.name}")
            if listing == "decision":
                print("heading:", decision.group(0).strip())
            else:
                print("prints:", "; ".join(a.strip() for a in amounts[:8]))
                print("impact:", fin.get("impact"), "years:", fin.get("years"),
                      "total:", fin.get("total"))
                for r in fin.get("rows") or []:
                    print("  row:", repr(r["label"]), r["amounts"] or "", r.get("amount", ""),
                          "recurring" if r.get("recurring") else "")
    for k, v in c.items():
        print(f"{k:40} {v}")
    print("impact values:", dict(impacts))


if __name__ == "__main__":
    main()
