//! Per-field accuracy over every fixture with expected JSON, printed as a
//! table (`cargo test eval -- --nocapture`). Each field fails the test when
//! its accuracy drops below the floor in `FLOORS` (set at what the
//! extractors reach), so a regression shows at once.
//!
//! Scores: exact match (text with whitespace collapsed) for scalar fields
//! and lists of records; F1 of the items for actors, references and
//! attachments.

use crate::expected::{cases, extract, pipeline, score};

/// The fields measured, with the lowest accuracy accepted.
const FLOORS: &[(&str, f64)] = &[
    ("reference", 1.0),
    ("title", 1.0),
    ("paper_type", 1.0),
    ("public", 1.0),
    ("date", 1.0),
    ("consultations", 1.0),
    ("decision_proposal", 1.0),
    ("finance", 1.0),
    ("actors", 0.95),
    ("references", 1.0),
    ("body", 1.0),
    ("department", 1.0),
    ("author", 1.0),
    ("attachments", 1.0),
];

#[test]
fn per_field_accuracy_over_fixtures() {
    let pipeline = pipeline();
    let cases = cases();
    let mut totals = vec![0.0f64; FLOORS.len()];
    let mut misses: Vec<Vec<String>> = vec![Vec::new(); FLOORS.len()];
    for case in &cases {
        let got = extract(&pipeline, case);
        for (k, (field, _)) in FLOORS.iter().enumerate() {
            let s = score(field, &case.expected[*field], &got[*field]);
            totals[k] += s;
            if s < 1.0 {
                misses[k].push(case.name.clone());
            }
        }
    }
    let n = cases.len() as f64;
    println!("\nper-field accuracy over {} fixtures", cases.len());
    println!("{:<18} {:>8} {:>7}  misses", "field", "accuracy", "floor");
    let mut below = Vec::new();
    for (k, (field, floor)) in FLOORS.iter().enumerate() {
        let acc = totals[k] / n;
        println!(
            "{:<18} {:>7.1}% {:>6.0}%  {}",
            field,
            acc * 100.0,
            floor * 100.0,
            misses[k].join(", ")
        );
        if acc + 1e-9 < *floor {
            below.push(format!(
                "{field}: {:.1}% < {:.0}%",
                acc * 100.0,
                floor * 100.0
            ));
        }
    }
    assert!(below.is_empty(), "accuracy fell below the floor: {below:?}");
}
