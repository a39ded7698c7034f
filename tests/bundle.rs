//! Session bundles: the Nordstemmen council's Sitzungsunterlagen
//! excerpt (`../shared/corpus/nordstemmen/Oeffentliche_Sitzungsunterlagen_
//! Rat_21.12.2021-41-54.pdf`, 14 pages) holds DS 121/2021 (pages 1–7,
//! with its attachments) and its "1. Ergänzung" (pages 8–14). It must
//! become two records with their page ranges and a link to the bundle,
//! with ids that stay the same run after run.

use crate::util::{json_lines, ratsindex, shared, stderr, stdout};

const BUNDLE: &str = "corpus/nordstemmen/Oeffentliche_Sitzungsunterlagen_Rat_21.12.2021-41-54.pdf";

#[test]
fn a_session_bundle_becomes_one_record_per_paper_with_stable_ids() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared is missing");
        return;
    };
    let bundle = shared.join(BUNDLE);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::copy(&bundle, dir.path().join("archive/rat.pdf")).unwrap();
    let extract = || {
        let out = ratsindex(dir.path(), &["extract", "archive/rat.pdf"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json_lines(&stdout(&out))
    };
    let records = extract();
    assert_eq!(records.len(), 2, "{records:?}");
    let pages: Vec<&serde_json::Value> = records.iter().map(|r| &r["bundle"]["pages"]).collect();
    assert_eq!(
        pages,
        [&serde_json::json!([1, 7]), &serde_json::json!([8, 14])]
    );
    for (k, r) in records.iter().enumerate() {
        assert_eq!(r["reference"], "121/2021");
        assert_eq!(r["bundle"]["path"], "archive/rat.pdf");
        assert_eq!(r["bundle"]["part"], k + 1);
        assert_eq!(r["bundle"]["parts"], 2);
    }
    // The 1. Ergänzung is its own paper: its text starts on page 8.
    assert!(records[1]["text"]
        .as_str()
        .unwrap()
        .contains("1. Ergänzung"));
    let ids: Vec<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids[1], format!("{}-2", ids[0]));
    let again: Vec<String> = extract()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again, ids);

    // Ingest: both papers are in the index, the summary names the split,
    // a forced re-run (--checksum) keeps the two ids and adds nothing.
    let out = ratsindex(dir.path(), &["ingest", "archive", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bundle: archive/rat.pdf split into 2 papers"),
        "{}",
        stderr(&out)
    );
    let show = |id: &str| {
        let out = ratsindex(dir.path(), &["show", id, "--index", "idx"]);
        assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
    };
    show(&ids[0]);
    show(&ids[1]);
    let out = ratsindex(
        dir.path(),
        &["ingest", "archive", "--index", "idx", "--checksum"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats = ratsindex(dir.path(), &["stats", "--index", "idx", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&stats)).unwrap();
    assert_eq!(stats["documents"], 2, "{stats}");
    assert_eq!(stats["archive"]["bundle_papers"], 2, "{stats}");
}
