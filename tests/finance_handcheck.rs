//! Finance against the printed table: 30 papers of the silver set with a
//! "Finanzielle Auswirkungen" section that prints amounts, each read by
//! hand (`tests/data/finance_silver_handcheck.jsonl`: the sample is every
//! 1/30th of those papers in file order, all three Karlsruhe form
//! generations). For each: the impact, the amounts a careful reader can
//! file under a label from the text alone (`has`: a row whose label holds
//! the word, with that amount), and misfilings that must not come back
//! (`lacks`). Cells the text does not place (blank cells of the old
//! four-column form are lost in its text) are left out, and said so in the
//! entry's note.
//!
//! An entry with a `gap` does not match yet; the test fails when it starts
//! to match, so the gaps only shrink. Skips, loudly, where `../shared` is
//! missing.

use serde_json::Value;

use crate::util::{command, json_lines, root, shared, stdout};

fn row_has(rows: &[Value], label: &str, amount: f64) -> bool {
    let label = label.to_lowercase();
    rows.iter().any(|r| {
        let named = r["label"]
            .as_str()
            .is_some_and(|l| l.to_lowercase().contains(&label));
        let close = |v: &Value| v.as_f64().is_some_and(|v| (v - amount).abs() < 0.005);
        named
            && (close(&r["amount"]) || r["amounts"].as_array().is_some_and(|a| a.iter().any(close)))
    })
}

/// What is wrong with one paper's finance, against its hand-read entry.
fn misses(entry: &Value, finance: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if finance["impact"] != entry["impact"] {
        out.push(format!(
            "impact {} (read: {})",
            finance["impact"], entry["impact"]
        ));
    }
    let rows = finance["rows"].as_array().cloned().unwrap_or_default();
    let pairs = |key: &str| -> Vec<(String, f64)> {
        entry[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p[0].as_str()?.to_string(), p[1].as_f64()?)))
            .collect()
    };
    for (label, amount) in pairs("has") {
        if !row_has(&rows, &label, amount) {
            out.push(format!("no row '{label}' = {amount}"));
        }
    }
    for (label, amount) in pairs("lacks") {
        if row_has(&rows, &label, amount) {
            out.push(format!("misfiled row '{label}' = {amount}"));
        }
    }
    out
}

#[test]
fn finance_matches_the_hand_read_tables() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared not found; finance hand-check not run");
        return;
    };
    let texts = shared.join("silver").join("karlsruhe").join("texts");
    if !texts.is_dir() {
        eprintln!("SKIPPED: {} not found", texts.display());
        return;
    }
    let data = std::fs::read_to_string(root().join("tests/data/finance_silver_handcheck.jsonl"))
        .expect("hand-check data");
    let entries = json_lines(&data);
    assert_eq!(entries.len(), 30, "30 papers read by hand");
    let paths: Vec<String> = entries
        .iter()
        .map(|e| {
            texts
                .join(e["file"].as_str().unwrap())
                .display()
                .to_string()
        })
        .collect();
    let out = command()
        .arg("extract")
        .args(&paths)
        .output()
        .expect("run ratsindex");
    assert!(out.status.success(), "extract failed");
    let records = json_lines(&stdout(&out));
    assert_eq!(records.len(), entries.len());
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    let mut right = 0;
    for (entry, record) in entries.iter().zip(&records) {
        let file = entry["file"].as_str().unwrap();
        let wrong = misses(entry, &record["finance"]);
        match (wrong.is_empty(), entry.get("gap")) {
            (true, None) => right += 1,
            (false, None) => failures.push(format!("{file}: {}", wrong.join("; "))),
            (true, Some(_)) => stale.push(file.to_string()),
            (false, Some(gap)) => eprintln!("known gap {file}: {gap}"),
        }
    }
    println!(
        "finance hand-check: {right} of {} papers right",
        entries.len()
    );
    assert!(
        failures.is_empty(),
        "finance misses:\n{}",
        failures.join("\n")
    );
    assert!(
        stale.is_empty(),
        "these now match: drop their `gap`: {stale:?}"
    );
}
