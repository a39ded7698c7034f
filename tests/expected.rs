//! Fixtures with hand-checked expected records: loading them, extracting
//! the paper, and comparing field by field. Shared by `golden` (exact
//! equality) and `eval` (per-field accuracy).

use std::path::{Path, PathBuf};

use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;
use ratsindex::record::EXTRACTED_FIELDS;
use serde_json::Value;

use crate::util::fixture;

/// The contract fields an expected file holds, in record order: the
/// extracted fields and the warnings.
pub fn fields() -> impl Iterator<Item = &'static &'static str> {
    const WARNINGS: &[&str] = &["warnings"];
    EXTRACTED_FIELDS.iter().chain(WARNINGS)
}

/// One fixture: the paper and what a careful reader finds in it.
pub struct Case {
    /// File name without extension.
    pub name: String,
    /// The paper.
    pub path: PathBuf,
    /// The expected fields.
    pub expected: Value,
}

/// Every `fixtures/**/NAME.expected.json` with its paper beside it.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    collect(&fixture(""), &mut out);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!out.is_empty(), "no fixtures with expected JSON found");
    out
}

fn collect(dir: &Path, out: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
            continue;
        }
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(stem) = file.strip_suffix(".expected.json") else {
            continue;
        };
        let paper = ["txt", "pdf", "html", "htm", "md"]
            .iter()
            .map(|ext| path.with_file_name(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{}: no paper beside the expected JSON", path.display()));
        let json = std::fs::read_to_string(&path).unwrap();
        let expected: Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()));
        for field in fields() {
            assert!(
                expected.get(field).is_some(),
                "{}: missing field `{field}`",
                path.display()
            );
        }
        out.push(Case {
            name: stem.to_string(),
            path: paper,
            expected,
        });
    }
}

/// Extracts the fixture's record as JSON.
pub fn extract(pipeline: &Pipeline, case: &Case) -> Value {
    let record = pipeline
        .process_path(&case.path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", case.name));
    serde_json::to_value(record).unwrap()
}

/// A pipeline with the built-in rules.
pub fn pipeline() -> Pipeline {
    Pipeline::new(Extractor::new(Rules::builtin()).unwrap())
}

/// How well `got` matches `expected` for one field, from 0 to 1: exact
/// match for scalar fields (text compared with whitespace collapsed), the
/// F1 score of the items for actors and references.
pub fn score(field: &str, expected: &Value, got: &Value) -> f64 {
    match field {
        "actors" | "references" | "attachments" => set_f1(expected, got),
        _ => {
            if normalise(expected) == normalise(got) {
                1.0
            } else {
                0.0
            }
        }
    }
}

fn normalise(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Array(a) => Value::Array(a.iter().map(normalise).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

fn set_f1(expected: &Value, got: &Value) -> f64 {
    let items = |list: &Value| -> Vec<Value> {
        list.as_array()
            .map(|a| a.iter().map(normalise).collect())
            .unwrap_or_default()
    };
    let (e, g) = (items(expected), items(got));
    if e.is_empty() && g.is_empty() {
        return 1.0;
    }
    let hits = g.iter().filter(|x| e.contains(x)).count() as f64;
    if hits == 0.0 {
        return 0.0;
    }
    let precision = hits / g.len() as f64;
    let recall = hits / e.len() as f64;
    2.0 * precision * recall / (precision + recall)
}
