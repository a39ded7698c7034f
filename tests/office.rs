//! Word, OpenDocument and RTF papers: one paper (`fixtures/office/
//! vorlage.*`, saved by LibreOffice 7 from the same page) read from each
//! format gives the same fields, with the Beratungsfolge table kept as
//! tab-separated rows, and `source.format` naming the format. Legacy
//! `.doc` needs antiword: skipped loudly where it is missing, except in
//! CI (`CI=true`), where that fails.

use crate::util::{fixture, json_lines, ratsindex, stderr, stdout};

#[test]
fn word_odt_rtf_and_doc_give_the_papers_fields_and_table_rows() {
    let mut formats = vec!["docx", "odt", "rtf"];
    let antiword = std::process::Command::new("antiword").output().is_ok();
    if antiword {
        formats.push("doc");
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("antiword is missing (apt-get install antiword)");
    } else {
        eprintln!("SKIPPED vorlage.doc: antiword is missing (apt-get install antiword)");
    }
    let dir = tempfile::tempdir().unwrap();
    for format in &formats {
        let path = fixture("office").join(format!("vorlage.{format}"));
        let out = ratsindex(dir.path(), &["extract", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let records = json_lines(&stdout(&out));
        let r = &records[0];
        assert_eq!(r["source"]["format"], *format);
        assert_eq!(r["reference"], "0815/2023", "{format}");
        assert_eq!(r["paper_type"], "Beschlussvorlage", "{format}");
        assert_eq!(r["date"], "2023-03-14", "{format}");
        assert_eq!(
            r["title"], "Sanierung der Grundschule am Lindenplatz",
            "{format}"
        );
        let consultations: Vec<(String, String)> = r["consultations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["committee"].as_str().unwrap_or("").to_string(),
                    c["date"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            consultations,
            [
                ("Bauausschuss".to_string(), "2023-03-28".to_string()),
                ("Rat".to_string(), "2023-04-18".to_string())
            ],
            "{format}"
        );
        let text = r["text"].as_str().unwrap();
        assert!(
            text.contains("Rat\t18.04.2023\tEntscheidung"),
            "{format}: {text:?}"
        );
        assert!(
            r["decision_proposal"]
                .as_str()
                .unwrap()
                .contains("1.250.000 €"),
            "{format}"
        );
    }
}

/// A file named `.docx` that is no Word file, and a `.doc` that is not
/// one, are per-file errors naming the path; the rest goes on.
#[test]
fn broken_office_files_are_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kaputt.docx"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(dir.path().join("kaputt.rtf"), b"{\\rtf1 {\\b ").unwrap();
    let good = fixture("office").join("vorlage.odt");
    let out = ratsindex(
        dir.path(),
        &[
            "extract",
            "kaputt.docx",
            "kaputt.rtf",
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("kaputt.docx"), "{}", stderr(&out));
    let records = json_lines(&stdout(&out));
    assert!(records.iter().any(|r| r["source"]["format"] == "odt"));
}
