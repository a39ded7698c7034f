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
    ("actors", 0.99),
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

/// Actors of corpus papers read by hand (`tests/data/corpus_actors.json`):
/// the share of them found, name and kind (recall), and the share of the
/// actors emitted that are not on the list (non-actors, or actors the
/// list misses). Skips, loudly, without `../shared`. See: issue 21.
#[test]
fn actors_of_corpus_papers_read_by_hand() {
    actors_against_hand_lists("corpus_actors.json", 0.92, 0.03);
}

/// The blind lists of papers no rule was written against
/// (`tests/data/unseen_actors.json`, written before the program was run
/// on them): the figure that matters, kept from falling back. Measured
/// 47/56 = 0.839 found, 9 of 56 emitted not listed, after the Nordstemmen
/// budget bundle joined the lists (six papers before: 39/44 = 0.886);
/// 49/56 = 0.875 once a council is named with its place and authorities
/// are offices, 51/56 = 0.911 once justified prose's wide gaps are read
/// as spaces.
#[test]
fn actors_of_unseen_papers_read_by_hand() {
    actors_against_hand_lists("unseen_actors.json", 0.89, 0.18);
}

fn actors_against_hand_lists(file: &str, min_recall: f64, max_unlisted: f64) {
    let Some(shared) = crate::util::shared() else {
        eprintln!("SKIPPED: ../shared not found; {file} not measured");
        return;
    };
    let lists = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let lists: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(lists).unwrap()).unwrap();
    let pipeline = pipeline();
    let (mut listed, mut found, mut emitted, mut unlisted) = (0, 0, 0, 0);
    for (path, actors) in lists.as_object().unwrap() {
        if path.starts_with('_') {
            continue;
        }
        // A session bundle's list holds the actors of all its papers.
        let records = pipeline
            .process_path_all(&shared.join("corpus").join(path), None)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut got: Vec<(String, String)> = Vec::new();
        for a in records.iter().flat_map(|r| &r.actors) {
            let kind = serde_json::to_value(a.kind).unwrap();
            let actor = (a.name.clone(), kind.as_str().unwrap_or("").to_string());
            if !got.contains(&actor) {
                got.push(actor);
            }
        }
        // Each listed actor: its spellings (separated by `|`) and kind.
        let expected: Vec<(Vec<&str>, &str)> = actors
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a[0].as_str().unwrap().split('|').collect(),
                    a[1].as_str().unwrap(),
                )
            })
            .collect();
        let is = |(names, kind): &(Vec<&str>, &str), (name, k): &(String, String)| {
            names.contains(&name.as_str()) && kind == k
        };
        listed += expected.len();
        found += expected
            .iter()
            .filter(|e| got.iter().any(|g| is(e, g)))
            .count();
        emitted += got.len();
        let extra: Vec<_> = got
            .iter()
            .filter(|g| !expected.iter().any(|e| is(e, g)))
            .collect();
        unlisted += extra.len();
        if !extra.is_empty() {
            println!("{path}: not listed: {extra:?}");
        }
    }
    let recall = found as f64 / listed.max(1) as f64;
    let unlisted_share = unlisted as f64 / emitted.max(1) as f64;
    println!(
        "{file}: recall {found}/{listed} = {recall:.3}, not listed {unlisted}/{emitted} = {unlisted_share:.3}"
    );
    assert!(recall >= min_recall, "recall {recall:.3} < {min_recall}");
    assert!(
        unlisted_share <= max_unlisted,
        "not listed {unlisted_share:.3} > {max_unlisted}"
    );
}
