//! Golden tests: every fixture's extracted record equals its hand-checked
//! expected JSON (`fixtures/**/NAME.expected.json`), field by field, with a
//! readable diff; and every non-empty field says where it came from
//! (`provenance`).
//!
//! `KNOWN_GAPS` lists the (fixture, field) pairs that do not match yet.
//! The test fails when such a pair starts to match too, so the list only
//! shrinks: remove the entry when you fix the field.

use serde_json::Value;

use crate::expected::{cases, extract, fields, pipeline};

/// Fields not yet extracted as a careful reader would, by fixture (`*` for
/// all fixtures). Actors: see the misses `eval` prints.
const KNOWN_GAPS: &[(&str, &str)] = &[
    // "Hessen Mobil Straßen- und Verkehrsmanagement": a name without any
    // suffix or cue.
    ("allris-vo-2023-1234", "actors"),
    // "SPD" from the role line "SPD-Fraktionsvorsitzende" is emitted.
    ("antrag-fraktion-brief-077-2021", "actors"),
    // "Die Ge-/meinde Lindenhagen": the noun is broken at a line end.
    ("beschlussvorlage-gemeinde-ds-47-2024", "actors"),
];

fn known_gap(case: &str, field: &str) -> bool {
    KNOWN_GAPS
        .iter()
        .any(|(c, f)| (*c == "*" || *c == case) && *f == field)
}

#[test]
fn every_fixture_matches_its_expected_record() {
    let pipeline = pipeline();
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    let mut wildcard_hits = vec![false; KNOWN_GAPS.len()];
    for case in cases() {
        let got = extract(&pipeline, &case);
        for field in fields() {
            let want = &case.expected[*field];
            let have = &got[*field];
            let equal = want == have;
            for (k, (c, f)) in KNOWN_GAPS.iter().enumerate() {
                if *c == "*" && f == field && !equal {
                    wildcard_hits[k] = true;
                }
            }
            match (equal, known_gap(&case.name, field)) {
                (false, false) => failures.push(format!(
                    "{} · {field}\n  expected: {}\n       got: {}",
                    case.name,
                    pretty(want),
                    pretty(have)
                )),
                (true, true) if !KNOWN_GAPS.iter().any(|(c, f)| *c == "*" && f == field) => {
                    stale.push(format!("{} · {field}", case.name))
                }
                _ => {}
            }
        }
    }
    for (k, (c, f)) in KNOWN_GAPS.iter().enumerate() {
        if *c == "*" && !wildcard_hits[k] {
            stale.push(format!("* · {f}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} field(s) differ from the expected JSON:\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        stale.is_empty(),
        "these KNOWN_GAPS now match; remove them from tests/golden.rs: {stale:?}"
    );
}

#[test]
fn every_extracted_field_has_provenance() {
    let pipeline = pipeline();
    for case in cases() {
        let got = extract(&pipeline, &case);
        let provenance = got["provenance"].as_object().expect("provenance object");
        for field in fields() {
            if *field == "warnings" || *field == "finance" {
                continue;
            }
            let value = &got[*field];
            match value {
                Value::Null => {}
                Value::Array(items) => {
                    for i in 0..items.len() {
                        let key = format!("{field}[{i}]");
                        assert!(
                            provenance.contains_key(&key),
                            "{}: no provenance for {key}",
                            case.name
                        );
                    }
                }
                _ => assert!(
                    provenance.contains_key(*field),
                    "{}: no provenance for {field}",
                    case.name
                ),
            }
        }
        if got["finance"]
            != serde_json::json!({"impact": null, "years": [], "rows": [], "total": null})
        {
            assert!(
                provenance.contains_key("finance"),
                "{}: no provenance for finance",
                case.name
            );
        }
        for (key, p) in provenance {
            let span = p["span"].as_array().unwrap();
            let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
            let chars = got["text"].as_str().unwrap().chars().count() as u64;
            assert!(
                start <= end && end <= chars,
                "{}: {key} span {start}..{end} outside the text",
                case.name
            );
        }
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v)
        .unwrap()
        .replace('\n', "\n            ")
}

#[test]
fn explain_shows_each_field_with_its_rule_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let paper = crate::util::fixture("text/erfurt-seed-1822-24.txt");
    let out = crate::util::ratsindex(
        dir.path(),
        &["extract", "--explain", paper.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", crate::util::stderr(&out));
    let text = crate::util::stdout(&out);
    for expected in [
        "paper_type: Entscheidungsvorlage",
        "    page 1, rule paper_type.line_start",
        "date: 2024-09-24",
        "    page 1, rule date.signature",
        "    | 24.09.2024, gez. i. A.",
        "consultations[1]: ",
        "    | Stadtrat\t06.11.2024\töffentlich\tEntscheidung",
        "body: (not found)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
