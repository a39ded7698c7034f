//! `ratsindex extract` (the real binary) over every text and PDF in
//! `../shared/corpus`: no crash, no internal error, and per-field non-null
//! rates printed (`cargo test corpus -- --nocapture`). Skips, loudly, when
//! the corpus is not there.

use crate::util::{json_lines, ratsindex, shared, stderr, stdout};

const FIELDS: &[&str] = &[
    "body",
    "reference",
    "title",
    "paper_type",
    "public",
    "date",
    "department",
    "author",
    "consultations",
    "decision_proposal",
    "finance",
    "actors",
    "references",
    "attachments",
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
    let failed = err.lines().filter(|l| l.starts_with("ratsindex: ")).count();
    assert_eq!(
        records.len() + failed,
        files.len(),
        "every file gives a record or an error: {err}"
    );
    println!(
        "\ncorpus: {} files, {} records, {} errors",
        files.len(),
        records.len(),
        failed
    );
    for field in FIELDS {
        let present = records.iter().filter(|r| is_present(&r[*field])).count();
        println!(
            "{:<18} {:>3}/{:<3} {:>5.1}%",
            field,
            present,
            records.len(),
            100.0 * present as f64 / records.len().max(1) as f64
        );
    }
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
