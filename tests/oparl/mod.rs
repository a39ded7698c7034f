//! `ingest --oparl` and `export`: the 600-paper Karlsruhe dump imports
//! completely with the dump's metadata, a second run reads nothing again,
//! and the export validates against the OParl 1.1 schemas (with
//! `tests/oparl/validate.py`, Python's `jsonschema`); a small made-up dump
//! covers JSON Lines, papers without text, deleted papers, bad lines,
//! changes and pruning.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::util::{json_lines, ratsindex, shared, stderr, stdout};

/// Runs the schema check; `None` (after saying so) when Python or its
/// `jsonschema` is missing outside CI. In CI a missing tool fails.
fn validate(schema: &Path, file: &Path) -> Option<String> {
    let script = crate::util::root().join("tests/oparl/validate.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(schema)
        .arg(file)
        .output();
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    match out {
        Ok(out) if out.status.code() == Some(2) || out.status.code().is_none() => {
            let why = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(!in_ci, "CI: the OParl schema check cannot run: {why}");
            eprintln!("SKIPPED: OParl schema check: {why}");
            None
        }
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(out.status.success(), "schema errors:\n{text}");
            Some(text)
        }
        Err(e) => {
            assert!(!in_ci, "CI: python3 is not runnable: {e}");
            eprintln!("SKIPPED: OParl schema check: python3 not runnable ({e})");
            None
        }
    }
}

/// Every JSON object in the files of a folder, by `id`.
fn objects(dir: &Path) -> HashMap<String, Value> {
    let mut all = HashMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        all.insert(value["id"].as_str().unwrap().to_string(), value);
    }
    all
}

/// Rows of an RFC 4180 CSV text (quotes may hold line breaks).
/// The records of the index, as `export --format jsonl` prints them.
fn exported_records(dir: &Path, index: &Path) -> Vec<Value> {
    let out = ratsindex(
        dir,
        &[
            "export",
            "--format",
            "jsonl",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    json_lines(&stdout(&out))
}

fn csv_rows(text: &str) -> usize {
    let mut rows = 0;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => rows += 1,
            _ => {}
        }
    }
    rows
}

#[test]
fn the_karlsruhe_dump_imports_completely_and_exports_valid_oparl() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED: ../shared not found; OParl sample test not run");
        return;
    };
    let dump = shared.join("oparl/karlsruhe");
    let schema = shared.join("oparl/schema");
    if !dump.is_dir() || !schema.is_dir() {
        eprintln!("SKIPPED: {} not found", dump.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let report = tmp.path().join("report.json");
    let args = [
        "ingest",
        "--oparl",
        dump.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--body",
        "Karlsruhe",
        "--report",
        report.to_str().unwrap(),
    ];
    let out = ratsindex(tmp.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let summary = &report["summary"];
    assert_eq!(summary["papers"], 600);
    assert_eq!(summary["new"], 600);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["documents"], 600);
    let with_text = summary["with_text"].as_u64().unwrap();
    let without = summary["metadata_only"].as_u64().unwrap();
    assert_eq!(with_text + without, 600);
    assert_eq!(
        summary["without_text"].as_array().unwrap().len() as u64,
        without
    );
    // The report: counts add up, each class is listed.
    let agreement = &report["agreement"];
    assert_eq!(agreement["papers"], 600);
    let mut listed = 0;
    for (field, c) in agreement["fields"].as_object().unwrap() {
        let n = |k: &str| c[k].as_u64().unwrap();
        assert_eq!(n("compared"), n("agree") + n("disagree"), "{field}");
        let classes: u64 = c["classes"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        listed += classes;
    }
    assert_eq!(
        listed as usize,
        agreement["disagreements"].as_array().unwrap().len()
    );
    assert!(agreement["fields"]["title"]["compared"].as_u64().unwrap() > 500);

    // Every record carries the dump's metadata, resolved independently
    // here from the dump's files.
    let papers = objects(&dump.join("papers"));
    let meetings = objects(&dump.join("meetings"));
    let organizations = objects(&dump.join("organizations"));
    let records = exported_records(tmp.path(), &index);
    assert_eq!(records.len(), 600);
    for record in &records {
        let id = record["oparl"]["paper"].as_str().unwrap();
        let paper = &papers[id];
        let name = |v: &Value| v.as_str().map(str::to_owned);
        assert_eq!(
            name(&record["reference"]),
            name(&paper["reference"]),
            "{id}"
        );
        assert_eq!(name(&record["title"]), name(&paper["name"]), "{id}");
        assert_eq!(
            name(&record["paper_type"]),
            name(&paper["paperType"]),
            "{id}"
        );
        assert_eq!(name(&record["date"]), name(&paper["date"]), "{id}");
        assert_eq!(record["body"], "Karlsruhe");
        let want: Vec<Value> = paper["consultation"]
            .as_array()
            .map(|cs| {
                cs.iter()
                    .map(|c| {
                        let org = &organizations[c["organization"][0].as_str().unwrap()];
                        let date = c["meeting"]
                            .as_str()
                            .and_then(|m| meetings.get(m))
                            .map(|m| json!(&m["start"].as_str().unwrap()[..10]))
                            .unwrap_or(Value::Null);
                        let role = match c["role"].as_str() {
                            Some("unbekannt") | None => Value::Null,
                            Some(r) => json!(r),
                        };
                        json!({"committee": org["name"], "date": date, "role": role})
                    })
                    .collect()
            })
            .unwrap_or_default();
        let got: Vec<Value> = record["consultations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!({"committee": c["committee"], "date": c["date"], "role": c["role"]}))
            .collect();
        if !want.is_empty() {
            assert_eq!(got, want, "{id}");
            assert_eq!(record["oparl"]["origin"]["consultations"], "metadata");
        }
        assert_eq!(record["oparl"]["origin"]["title"], "metadata");
        let has_text = !record["text"].as_str().unwrap().trim().is_empty();
        assert!(
            has_text || record["warnings"].to_string().contains("no text"),
            "{id}"
        );
    }

    // A second run reads nothing again.
    let report2 = tmp.path().join("report2.json");
    let mut again = args.to_vec();
    again[8] = report2.to_str().unwrap();
    let out = ratsindex(tmp.path(), &again);
    assert!(out.status.success(), "{}", stderr(&out));
    let second: Value = serde_json::from_str(&fs::read_to_string(&report2).unwrap()).unwrap();
    assert_eq!(second["summary"]["unchanged"], 600);
    assert_eq!(second["summary"]["new"], 0);
    assert_eq!(second["agreement"]["fields"], report["agreement"]["fields"]);

    // OParl export: every paper validates.
    let export = tmp.path().join("papers.jsonl");
    let out = ratsindex(
        tmp.path(),
        &[
            "export",
            "--with-text",
            "--out",
            export.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = json_lines(&fs::read_to_string(&export).unwrap());
    assert_eq!(exported.len(), 600);
    for paper in &exported {
        assert!(
            papers.contains_key(paper["id"].as_str().unwrap()),
            "ids are the dump's"
        );
    }
    if let Some(result) = validate(&schema, &export) {
        assert!(result.contains("600 objects, 0 errors"), "{result}");
    }

    // CSV: a header and one row per paper.
    let out = ratsindex(
        tmp.path(),
        &[
            "export",
            "--format",
            "csv",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let csv = stdout(&out);
    assert!(csv.starts_with("id,oparl_id,body,reference,title,"));
    assert_eq!(csv_rows(&csv), 601);
}

/// A small dump: JSON Lines of papers, an array of meetings, a list page
/// of organisations, texts by file id and by file name.
pub(crate) fn write_dump(dir: &Path, with_second: bool) {
    let paper = |n: u32, files: Value, extra: Value| {
        let mut p = json!({
            "id": format!("https://ris.example/papers/{n}"),
            "type": "https://schema.oparl.org/1.1/Paper",
            "body": "https://ris.example/bodies/1",
            "name": format!("Radweg am Fluss {n}"),
            "reference": format!("2024/00{n}"),
            "date": "2024-03-01",
            "paperType": "Beschlussvorlage",
            "modified": "2024-03-02T10:00:00+01:00",
            "auxiliaryFile": files,
        });
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p.to_string()
    };
    let file = |id: u32, name: &str, file_name: &str| {
        json!({"id": format!("https://ris.example/files/{id}"),
               "type": "https://schema.oparl.org/1.1/File", "name": name,
               "fileName": file_name, "accessUrl": format!("https://ris.example/f/{id}")})
    };
    let consultation = json!({"consultation": [{
        "id": "https://ris.example/consultations/1", "type": "https://schema.oparl.org/1.1/Consultation",
        "meeting": "https://ris.example/meetings/1", "organization": ["https://ris.example/orgs/1"],
        "role": "Entscheidung", "authoritative": true}]});
    let mut lines = vec![paper(
        1,
        json!([
            file(11, "Anlage 1 Lageplan", "lageplan.txt"),
            file(12, "Beschlussvorlage", "vorlage.txt")
        ]),
        consultation,
    )];
    if with_second {
        lines.push(paper(
            2,
            json!([file(21, "Beschlussvorlage", "scan.pdf")]),
            json!({}),
        ));
    }
    lines.push(paper(3, json!([]), json!({"deleted": true})));
    // No content file, but the File carries OParl's own `text`.
    let mut inline = file(41, "Antrag", "antrag.pdf");
    inline["text"] = json!("Antrag der Fraktion\nBetreff: Radweg am Fluss 4\n\nDer Gemeinderat möge beschließen: Am Fluss wird ein Radweg gebaut.\n");
    lines.push(paper(4, json!([inline]), json!({})));
    lines.push("{not json".into());
    fs::write(dir.join("papers.jsonl"), lines.join("\n") + "\n").unwrap();
    fs::write(
        dir.join("meetings.json"),
        json!([{"id": "https://ris.example/meetings/1", "type": "https://schema.oparl.org/1.1/Meeting",
                "name": "Bauausschuss (öffentlich)", "start": "2024-03-12T16:00:00+01:00",
                "organization": ["https://ris.example/orgs/1"]}])
        .to_string(),
    )
    .unwrap();
    fs::write(
        dir.join("orgs.json"),
        json!({"data": [{"id": "https://ris.example/orgs/1", "type": "https://schema.oparl.org/1.1/Organization",
                         "name": "Ausschuss für Bauen"}], "pagination": {}})
        .to_string(),
    )
    .unwrap();
    fs::write(
        dir.join("lageplan.txt"),
        "Anlage 1\nLageplan des Radwegs am Fluss, Maßstab 1:500, mit Legende und Nordpfeil.\n",
    )
    .unwrap();
    fs::write(
        dir.join("12.txt"),
        "Beschlussvorlage\nDrucksache Nr. 2024/001\nBetreff: Radweg am Fluss 1\n\nBeratungsfolge:\nBauausschuss 12.03.2024 Entscheidung\n\nBeschlussvorschlag:\nDer Bauausschuss beschließt den Bau des Radwegs am Fluss.\n",
    )
    .unwrap();
}

#[test]
fn a_small_dump_imports_incrementally_with_and_without_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("dump");
    fs::create_dir(&dump).unwrap();
    write_dump(&dump, true);
    let index = tmp.path().join("index");
    let report = tmp.path().join("r.json");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "ingest",
            "--oparl",
            dump.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--threads",
            "2",
        ];
        args.extend_from_slice(extra);
        let out = ratsindex(tmp.path(), &args);
        let report: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
        (out, report)
    };
    let (out, r) = run(&[]);
    // The bad line makes it exit 1, after importing the rest.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("papers.jsonl: decode: line 5"),
        "{}",
        stderr(&out)
    );
    let s = &r["summary"];
    assert_eq!(
        (s["papers"].as_u64(), s["new"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(s["metadata_only"], 1);
    assert_eq!(s["without_text"], json!(["https://ris.example/papers/2"]));
    assert_eq!(s["text_file_rules"], json!({"name": 2}));

    let records = exported_records(tmp.path(), &index);
    assert_eq!(records.len(), 3);
    let fourth = records
        .iter()
        .find(|r| r["oparl"]["paper"] == "https://ris.example/papers/4")
        .unwrap();
    assert_eq!(fourth["oparl"]["text_file"], "https://ris.example/files/41");
    assert!(fourth["text"]
        .as_str()
        .unwrap()
        .contains("ein Radweg gebaut"));
    let first = records
        .iter()
        .find(|r| r["oparl"]["paper"] == "https://ris.example/papers/1")
        .unwrap();
    assert_eq!(
        first["oparl"]["text_file"], "https://ris.example/files/12",
        "not the Anlage"
    );
    assert_eq!(
        first["consultations"][0]["committee"],
        "Ausschuss für Bauen"
    );
    assert_eq!(first["consultations"][0]["date"], "2024-03-12");
    assert_eq!(
        first["oparl"]["consultations"][0]["meeting_name"],
        "Bauausschuss"
    );
    assert_eq!(first["oparl"]["origin"]["decision_proposal"], "text");
    assert!(first["decision_proposal"]
        .as_str()
        .unwrap()
        .contains("Radwegs"));
    // The printed committee is the meeting's name: they agree.
    let fields = &r["agreement"]["fields"];
    assert_eq!(fields["committees"]["agree"], 1, "{fields}");
    assert_eq!(fields["reference"]["agree"], 1, "{fields}");
    let second = records
        .iter()
        .find(|r| r["oparl"]["paper"] == "https://ris.example/papers/2")
        .unwrap();
    assert_eq!(second["title"], "Radweg am Fluss 2");
    assert!(second["warnings"].to_string().contains("no text"));

    // Unchanged: nothing read again. A changed text: that paper again.
    let (_, r) = run(&[]);
    assert_eq!(r["summary"]["unchanged"], 3);
    let text = fs::read_to_string(dump.join("12.txt")).unwrap();
    fs::write(
        dump.join("12.txt"),
        text + "\nBegründung: Mehr Sicherheit.\n",
    )
    .unwrap();
    let (_, r) = run(&[]);
    assert_eq!(
        (
            r["summary"]["updated"].as_u64(),
            r["summary"]["unchanged"].as_u64()
        ),
        (Some(1), Some(2))
    );

    // Export filters and OParl ids.
    let out = ratsindex(
        tmp.path(),
        &[
            "export",
            "--query",
            "Sicherheit",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    let papers = json_lines(&stdout(&out));
    assert_eq!(papers.len(), 1);
    assert_eq!(papers[0]["id"], "https://ris.example/papers/1");
    assert_eq!(
        papers[0]["consultation"][0]["id"],
        "https://ris.example/consultations/1"
    );
    assert_eq!(
        papers[0]["consultation"][0]["ratsindex:committee"],
        "Ausschuss für Bauen"
    );
    assert_eq!(
        papers[0]["ratsindex:provenance"]["origin"]["reference"],
        "metadata"
    );
    let out = ratsindex(
        tmp.path(),
        &[
            "export",
            "--body",
            "Nirgendwo",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(stdout(&out).is_empty());

    // A paper gone from the dump: pruned on request (a third of them is
    // more than --prune-max 20).
    write_dump(&dump, false);
    let (out, _) = run(&["--prune", "--prune-max", "20"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("refusing to prune"));
    let (_, r) = run(&["--prune"]);
    assert_eq!(r["summary"]["removed"], 1);
    assert_eq!(r["summary"]["documents"], 2);
}

#[test]
fn file_contents_may_be_pdf_or_html_found_by_id_or_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("dump");
    fs::create_dir(&dump).unwrap();
    let paper = |n: u32, file: Value| {
        json!({
            "id": format!("https://ris.example/papers/{n}"),
            "type": "https://schema.oparl.org/1.1/Paper",
            "name": format!("Papier {n}"),
            "reference": format!("2024/{n}"),
            "paperType": "Beschlussvorlage",
            "mainFile": file,
        })
    };
    let file = |id: u32, file_name: &str| {
        json!({"id": format!("https://ris.example/files/{id}"),
               "type": "https://schema.oparl.org/1.1/File",
               "name": "Vorlage", "fileName": file_name})
    };
    // The PDF by the File's id, the HTML page by its fileName.
    fs::write(
        dump.join("1.json"),
        paper(1, file(51, "vorlage.pdf")).to_string(),
    )
    .unwrap();
    fs::write(
        dump.join("2.json"),
        paper(2, file(52, "vo020.html")).to_string(),
    )
    .unwrap();
    fs::copy(crate::util::fixture("pdf/paper.pdf"), dump.join("51.pdf")).unwrap();
    fs::copy(
        crate::util::fixture("html/allris4_vo020.html"),
        dump.join("vo020.html"),
    )
    .unwrap();
    let index = tmp.path().join("index");
    let out = ratsindex(
        tmp.path(),
        &[
            "ingest",
            "--oparl",
            dump.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let records = exported_records(tmp.path(), &index);
    let by_paper = |n: u32| {
        records
            .iter()
            .find(|r| r["oparl"]["paper"] == format!("https://ris.example/papers/{n}"))
            .unwrap_or_else(|| panic!("paper {n} missing: {records:?}"))
    };
    let pdf = by_paper(1);
    assert_eq!(pdf["source"]["format"], "pdf", "{pdf}");
    assert_eq!(pdf["oparl"]["text_file_rule"], "mainFile");
    assert!(
        pdf["decision_proposal"]
            .as_str()
            .is_some_and(|d| d.contains("Sanierung der Brücke über den Mühlbach")),
        "{pdf}"
    );
    // The metadata's title wins; the one printed is kept beside it.
    assert_eq!(pdf["title"], "Papier 1");
    assert_eq!(pdf["oparl"]["origin"]["decision_proposal"], "text");
    let html = by_paper(2);
    assert_eq!(html["source"]["format"], "html", "{html}");
    assert!(
        html["decision_proposal"]
            .as_str()
            .is_some_and(|d| d.contains("öffentliche Trinkbrunnen")),
        "{html}"
    );
    assert_eq!(
        html["oparl"]["printed"]["title"],
        "Mehr Trinkbrunnen in der Innenstadt"
    );
}

#[test]
fn records_not_from_oparl_export_as_valid_papers_with_stable_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let out = ratsindex(
        tmp.path(),
        &[
            "ingest",
            crate::util::fixture("pdf/paper.pdf").to_str().unwrap(),
            crate::util::fixture("html").to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let export = |name: &str| {
        let file = tmp.path().join(name);
        let out = ratsindex(
            tmp.path(),
            &[
                "export",
                "--out",
                file.to_str().unwrap(),
                "--index",
                index.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        file
    };
    let first = export("a.jsonl");
    let papers = json_lines(&fs::read_to_string(&first).unwrap());
    assert!(papers.len() >= 5, "{}", papers.len());
    let ids = |papers: &[Value]| {
        let mut ids: Vec<String> = papers
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert!(ids(&papers)
        .iter()
        .all(|id| id.starts_with("https://ratsindex.invalid/oparl/paper/")));
    let bridge = papers
        .iter()
        .find(|p| p["name"] == "Sanierung der Brücke über den Mühlbach im Zuge der Lindenstraße")
        .expect("the PDF fixture's paper");
    assert_eq!(bridge["consultation"].as_array().unwrap().len(), 3);
    assert_eq!(bridge["type"], "https://schema.oparl.org/1.1/Paper");
    // The same index exported again: the same ids.
    let second = json_lines(&fs::read_to_string(export("b.jsonl")).unwrap());
    assert_eq!(ids(&papers), ids(&second));
    match shared() {
        Some(shared) => {
            if let Some(result) = validate(&shared.join("oparl/schema"), &first) {
                assert!(
                    result.contains(&format!("{} objects, 0 errors", papers.len())),
                    "{result}"
                );
            }
        }
        None => eprintln!("SKIPPED: OParl schema check: ../shared/oparl/schema is missing"),
    }
}
