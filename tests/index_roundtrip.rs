//! Ingest → index → search/show: the index keeps one document per file
//! and finds papers by stemmed word forms.

use crate::util::{json_lines, ratsindex, stderr, stdout};

#[test]
fn ingest_twice_keeps_one_document_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    std::fs::write(
        papers.join("a.txt"),
        "Titel der Drucksache:\n\nBeteiligung der Migrantenorganisationen\n",
    )
    .unwrap();
    std::fs::write(
        papers.join("b.txt"),
        "Organisationsstruktur der Verwaltung\n",
    )
    .unwrap();
    for _ in 0..2 {
        let out = ratsindex(dir.path(), &["ingest", "papers"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = ratsindex(dir.path(), &["stats", "--json"]);
    assert_eq!(json_lines(&stdout(&out))[0]["documents"], 2);
    // "Beteiligungen" is not in the text; stemming finds "Beteiligung".
    let out = ratsindex(dir.path(), &["search", "--json", "Beteiligungen"]);
    let hits = json_lines(&stdout(&out));
    assert_eq!(hits.len(), 1, "{}", stderr(&out));
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let out = ratsindex(dir.path(), &["show", &id]);
    assert_eq!(out.status.code(), Some(0));
    let record: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(record["id"], id.as_str());
}
