//! `ratsindex extract` (the real binary) over every text and PDF in
//! `../shared/corpus`: no crash, no internal error, and per-field non-null
//! rates printed (`cargo test corpus -- --nocapture`). Skips, loudly, when
//! the corpus is not there.

use crate::util::{json_lines, ratsindex, shared, stderr, stdout};

/// The fields counted, with the fewest papers of the corpus (30 papers:
/// MANIFEST.tsv) that must have a value: set at what the extractors reach
/// (each value checked by hand; see the notes of issue 3), so a rule that
/// stops finding a field shows. Two of the papers are image scans with no
/// text, one is an invitation, not a paper.
const FIELDS: &[(&str, usize)] = &[
    ("body", 16),
    ("reference", 24),
    ("title", 28),
    ("paper_type", 28),
    ("public", 9),
    ("date", 21),
    ("department", 24),
    ("author", 21),
    ("consultations", 21),
    ("decision_proposal", 19),
    ("finance", 4),
    ("actors", 29),
    ("references", 5),
    ("attachments", 1),
];

#[test]
fn extract_runs_over_the_whole_corpus() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared not found; corpus test not run");
        return;
    };
    let corpus = shared.join("corpus");
    if !corpus.is_dir() {
        eprintln!("SKIPPED: {} not found", corpus.display());
        return;
    }
    let files: Vec<_> = walk(&corpus)
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "pdf")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let out = ratsindex(dir.path(), &["extract", corpus.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {err}",
        out.status.code()
    );
    assert!(!err.contains("internal error"), "a panic was caught: {err}");
    let records = json_lines(&stdout(&out));
    // A session bundle gives one record per paper, all from one file.
    let sources: std::collections::BTreeSet<&str> = records
        .iter()
        .filter_map(|r| r["source"]["path"].as_str())
        .collect();
    let failed = err
        .lines()
        .filter(|l| l.starts_with("ratsindex: ") && !l.starts_with("ratsindex: warning:"))
        .count();
    assert_eq!(
        sources.len() + failed,
        files.len(),
        "every file gives a record or an error: {err}"
    );
    println!(
        "\ncorpus: {} files, {} records, {} errors",
        files.len(),
        records.len(),
        failed
    );
    let mut below = Vec::new();
    for (field, floor) in FIELDS {
        let present = records.iter().filter(|r| is_present(&r[*field])).count();
        println!(
            "{:<18} {:>3}/{:<3} {:>5.1}%  (floor {floor})",
            field,
            present,
            records.len(),
            100.0 * present as f64 / records.len().max(1) as f64
        );
        if present < *floor {
            below.push(format!("{field}: {present} < {floor}"));
        }
    }
    assert!(
        below.is_empty(),
        "fewer papers have these fields than before: {below:?}"
    );
}

fn is_present(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => false,
        serde_json::Value::Array(a) => !a.is_empty(),
        serde_json::Value::Object(o) => o.values().any(is_present),
        _ => true,
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
