//! Splitting an import: `extract --files-from` (one line per path, in
//! order, flushed), `ingest --records` (the same index and report as
//! reading the files) and `merge` (shards answer every query as one
//! index). The comparison helpers are also used by the Spark test.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::{json_lines, ratsindex, stderr, stdout};

// Also loaded by `ingest`, whose module is private to it.
#[allow(clippy::duplicate_mod)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

pub(crate) use gen_corpus::{generate, Formats};

#[path = "../examples/compare_indexes.rs"]
mod compare_indexes;

pub(crate) use compare_indexes::{assert_same_index, records};

/// `ratsindex ARGS` with `input` on stdin.
fn ratsindex_with_input(dir: &Path, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ratsindex"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

/// `extract --files-from -` of every file below `papers`.
fn extract_all(dir: &Path) -> Vec<String> {
    let list = ratsindex(dir, &["extract", "--list-files", "papers"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let out = ratsindex_with_input(dir, &["extract", "--files-from", "-"], &list.stdout);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    stdout(&out).lines().map(str::to_owned).collect()
}

/// The record lines split into `n` shards by document id (error lines
/// into the first), as the Spark job splits them.
fn split_by_id(lines: &[String], n: usize) -> Vec<String> {
    let mut shards = vec![String::new(); n];
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let shard = value["id"].as_str().map_or(0, |id| {
            u64::from_str_radix(&id[..8], 16).unwrap() as usize % n
        });
        shards[shard].push_str(line);
        shards[shard].push('\n');
    }
    shards
}

/// Builds a shard per part with `ingest --records` and merges them into
/// `merged`.
fn build_and_merge(dir: &Path, parts: &[String]) {
    let mut names = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let name = format!("shard{n}");
        let out = ratsindex_with_input(
            dir,
            &["ingest", "--records", "-", "--index", &name, "--quiet"],
            part.as_bytes(),
        );
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        names.push(name);
    }
    let mut args = vec!["merge", "merged"];
    args.extend(names.iter().map(String::as_str));
    let out = ratsindex(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn files_from_prints_one_line_per_path_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    generate(&dir.path().join("papers"), 40, 3, Formats::Mixed).unwrap();
    let list = stdout(&ratsindex(
        dir.path(),
        &["extract", "--list-files", "papers"],
    ));
    let mut paths: Vec<String> = list.lines().map(str::to_owned).collect();
    assert_eq!(paths.len(), 40, "manifest.jsonl is no paper");
    // A missing file and a folder among them, and the order reversed so
    // that input order is not walk order.
    paths.insert(7, "papers/missing.txt".into());
    paths.insert(20, "papers".into());
    paths.reverse();
    let input = paths.join("\n\n") + "\n";
    let out = ratsindex_with_input(
        dir.path(),
        &["extract", "--files-from", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "two inputs fail");
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), paths.len(), "blank lines are no inputs");
    for (line, path) in lines.iter().zip(&paths) {
        if let Some(error) = line["error"].as_str() {
            assert_eq!(line["path"], path.as_str());
            assert_eq!(line["stage"], "read", "{error}");
            assert!(path == "papers" || path.ends_with("missing.txt"));
        } else {
            assert_eq!(line["source"]["path"], path.as_str());
            let size = std::fs::metadata(dir.path().join(path)).unwrap().len();
            assert_eq!(line["file"]["size"], size, "the stamp read");
            assert!(line["file"]["mtime_ns"].as_u64().unwrap() > 0);
            assert!(line["title"].is_string(), "a full record: {line}");
        }
    }
}

#[test]
fn files_from_flushes_each_line_before_the_input_ends() {
    let dir = tempfile::tempdir().unwrap();
    generate(&dir.path().join("papers"), 2, 3, Formats::Text).unwrap();
    let list = stdout(&ratsindex(
        dir.path(),
        &["extract", "--list-files", "papers"],
    ));
    let first = list.lines().next().unwrap().to_owned();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ratsindex"))
        .args(["extract", "--files-from", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{first}").unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    // stdin is still open: the line must come anyway.
    let line = rx.recv_timeout(std::time::Duration::from_secs(60));
    drop(stdin);
    let _ = child.wait();
    let line = line.expect("no line while the input was open");
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(value["source"]["path"], first.as_str());
}

#[test]
fn records_ingest_builds_the_index_and_report_reading_the_files_does() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    let expected = generate(&papers, 60, 5, Formats::Mixed).unwrap();
    // The same paper at a second path, and a broken PDF.
    std::fs::create_dir_all(papers.join("copies")).unwrap();
    std::fs::copy(
        papers.join(&expected[3].path),
        papers.join("copies/again.txt"),
    )
    .unwrap();
    std::fs::write(papers.join("copies/broken.pdf"), b"%PDF-1.4 no more").unwrap();
    let read = ratsindex(
        dir.path(),
        &[
            "ingest",
            "papers",
            "--index",
            "read",
            "--report",
            "read.json",
        ],
    );
    assert_eq!(read.status.code(), Some(1), "{}", stderr(&read));
    let lines = extract_all(dir.path());
    std::fs::write(dir.path().join("records.jsonl"), lines.join("\n") + "\n").unwrap();
    let from_records = ratsindex(
        dir.path(),
        &[
            "ingest",
            "--records",
            "records.jsonl",
            "--index",
            "records",
            "--report",
            "records.json",
        ],
    );
    assert_eq!(
        from_records.status.code(),
        Some(1),
        "{}",
        stderr(&from_records)
    );
    let report = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap()
    };
    let (a, b) = (report("read.json"), report("records.json"));
    for key in [
        "found",
        "new",
        "updated",
        "unchanged",
        "duplicates",
        "failed",
        "removed",
        "documents",
    ] {
        assert_eq!(a[key], b[key], "report key {key}");
    }
    assert_eq!(a["duplicates"], 1);
    assert_eq!(a["failures"][0]["path"], b["failures"][0]["path"]);
    assert_eq!(a["failures"][0]["stage"], b["failures"][0]["stage"]);
    // The same documents, the same stored records (the duplicate's
    // record names the smaller of its two paths in both).
    assert_eq!(
        records(&dir.path().join("read")),
        records(&dir.path().join("records"))
    );
    // The records carry the files' stamps: reading the files into the
    // records' index finds every file unchanged, as after a normal run.
    let again = ratsindex(
        dir.path(),
        &[
            "ingest",
            "papers",
            "--index",
            "records",
            "--report",
            "again.json",
        ],
    );
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let again = report("again.json");
    assert_eq!(again["unchanged"], 61, "{again}");
    assert_eq!(again["new"], 0);
    // And the records again into the index read from files: unchanged.
    let out = ratsindex(
        dir.path(),
        &[
            "ingest",
            "--records",
            "records.jsonl",
            "--index",
            "read",
            "--report",
            "twice.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(report("twice.json")["unchanged"], 61);
    // A line that is no record is a failure of its own, with its number.
    let bad = ratsindex_with_input(
        dir.path(),
        &[
            "ingest",
            "--records",
            "-",
            "--index",
            "bad",
            "--report",
            "bad.json",
        ],
        format!("{}\nnot json\n", lines[0]).as_bytes(),
    );
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    let bad = report("bad.json");
    assert_eq!(
        (bad["new"].as_u64(), bad["failed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(bad["failures"][0]["path"], "-:2");
}

#[test]
fn merged_shards_answer_every_query_as_an_index_built_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    generate(&papers, 160, 9, Formats::Mixed).unwrap();
    std::fs::write(papers.join("broken.pdf"), b"%PDF-1.4 no more").unwrap();
    let one = ratsindex(dir.path(), &["ingest", "papers", "--index", "one"]);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    let lines = extract_all(dir.path());
    assert_eq!(lines.len(), 161);
    build_and_merge(dir.path(), &split_by_id(&lines, 3));
    let (_, queries, with_hits) =
        assert_same_index(&dir.path().join("one"), &dir.path().join("merged"), true, 4);
    eprintln!("merge: {queries} queries compared, {with_hits} with hits");
    assert!(queries >= 300, "{queries} queries");
    assert!(with_hits * 10 >= queries * 8, "{with_hits} of {queries}");
}

#[test]
fn merged_shards_with_duplicate_papers_hold_each_paper_once() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    let expected = generate(&papers, 80, 4, Formats::Text).unwrap();
    std::fs::create_dir_all(papers.join("zz")).unwrap();
    for n in [1, 2, 30] {
        std::fs::copy(
            papers.join(&expected[n].path),
            papers.join(format!("zz/copy{n}.txt")),
        )
        .unwrap();
    }
    let one = ratsindex(dir.path(), &["ingest", "papers", "--index", "one"]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    build_and_merge(dir.path(), &split_by_id(&extract_all(dir.path()), 4));
    // The one-run index replaced the duplicates' documents (to list both
    // paths), and counts the replaced ones until tantivy merges them.
    assert_same_index(
        &dir.path().join("one"),
        &dir.path().join("merged"),
        false,
        4,
    );
}

#[test]
fn merge_refuses_overlap_other_schema_versions_and_a_full_output() {
    let dir = tempfile::tempdir().unwrap();
    generate(&dir.path().join("papers"), 6, 2, Formats::Text).unwrap();
    let lines = extract_all(dir.path());
    let parts = [lines[..4].join("\n"), lines[3..].join("\n")];
    for (n, part) in parts.iter().enumerate() {
        let name = format!("s{n}");
        let out = ratsindex_with_input(
            dir.path(),
            &["ingest", "--records", "-", "--index", &name, "-q"],
            part.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let out = ratsindex(dir.path(), &["merge", "m", "s0", "s1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is in both"), "{}", stderr(&out));
    assert!(!dir.path().join("m").exists(), "nothing written");
    // Without the overlap it merges.
    let out = ratsindex(dir.path(), &["merge", "m", "s0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Again into the same folder: refused, the index left as it was.
    let out = ratsindex(dir.path(), &["merge", "m", "s0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert_eq!(records(&dir.path().join("m")).len(), 4);
    // A shard of another schema version.
    std::fs::write(dir.path().join("s1/ratsindex-schema-version"), "1").unwrap();
    let out = ratsindex(dir.path(), &["merge", "m2", "s1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("shard s1") && stderr(&out).contains("schema version"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("m2").exists());
    let out = ratsindex(dir.path(), &["merge", "m3", "s0", "./s0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// The Nordstemmen session bundle (DS 121/2021 and its "1. Ergänzung",
/// pages 1–7 and 8–14), below `../shared`.
pub(crate) const BUNDLE: &str =
    "corpus/nordstemmen/Oeffentliche_Sitzungsunterlagen_Rat_21.12.2021-41-54.pdf";

#[test]
fn records_carry_every_paper_of_a_session_bundle() {
    // See: issue 18 (data loss): `--files-from` carried a bundle's first
    // paper only, and `ingest --records` refused the others' ids.
    let Some(shared) = crate::util::shared() else {
        eprintln!("SKIPPED: records of a session bundle: ../shared is missing");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    generate(&papers, 12, 4, Formats::Mixed).unwrap();
    std::fs::copy(shared.join(BUNDLE), papers.join("rat.pdf")).unwrap();
    let ingest = |args: &[&str]| -> serde_json::Value {
        let out = ratsindex(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let report = args[args.iter().position(|a| *a == "--report").unwrap() + 1];
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(report)).unwrap()).unwrap()
    };
    let read = ingest(&["ingest", "papers", "--index", "read", "--report", "r.json"]);

    // One line per paper: the bundle's two, one after the other, each with
    // its part; every other path one line.
    let lines = extract_all(dir.path());
    assert_eq!(lines.len(), 14, "13 paths, the bundle two lines");
    let values: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at = values
        .iter()
        .position(|v| v["source"]["path"] == "papers/rat.pdf")
        .unwrap();
    let (first, second) = (&values[at], &values[at + 1]);
    assert_eq!(second["source"]["path"], "papers/rat.pdf");
    assert_eq!(
        (&first["bundle"]["part"], &first["bundle"]["parts"]),
        (&1.into(), &2.into())
    );
    assert_eq!(second["bundle"]["part"], 2);
    assert_eq!(second["bundle"]["pages"], serde_json::json!([8, 14]));
    assert_eq!(second["id"], format!("{}-2", first["id"].as_str().unwrap()));
    assert_eq!(first["file"], second["file"], "both carry the file's stamp");

    // Ingested from records, in order or with the bundle's lines apart
    // and reversed (as a shuffle may leave them): the same documents and
    // stored records, counts and bundle list as reading the files.
    let mut apart = lines.clone();
    let part_two = apart.remove(at + 1);
    apart.insert(0, part_two);
    for (name, lines) in [("inorder", &lines), ("apart", &apart)] {
        let file = format!("{name}.jsonl");
        std::fs::write(dir.path().join(&file), lines.join("\n") + "\n").unwrap();
        let report = format!("{name}.json");
        let got = ingest(&[
            "ingest",
            "--records",
            &file,
            "--index",
            name,
            "--report",
            &report,
        ]);
        for key in [
            "found",
            "new",
            "updated",
            "duplicates",
            "failed",
            "documents",
        ] {
            assert_eq!(got[key], read[key], "{name}: report key {key}");
        }
        assert_eq!(read["documents"], 14);
        assert_eq!(got["scans"]["bundles"], read["scans"]["bundles"], "{name}");
        assert_eq!(
            records(&dir.path().join("read")),
            records(&dir.path().join(name)),
            "{name}"
        );
    }

    // The ledger holds the bundle as one file: reading the files finds it
    // unchanged, and pruning it away removes both papers.
    let again = ingest(&[
        "ingest", "papers", "--index", "inorder", "--report", "a.json",
    ]);
    assert_eq!(
        (again["unchanged"].as_u64(), again["new"].as_u64()),
        (Some(13), Some(0))
    );
    std::fs::remove_file(papers.join("rat.pdf")).unwrap();
    let pruned = ingest(&[
        "ingest", "papers", "--index", "inorder", "--prune", "--report", "p.json",
    ]);
    assert_eq!(pruned["removed"], 1, "{pruned}");
    assert_eq!(
        pruned["documents"], 12,
        "both papers of the bundle are gone"
    );

    // A bundle with a paper missing fails as a whole: no half of it.
    let mut missing = lines.clone();
    missing.remove(at + 1);
    std::fs::write(dir.path().join("missing"), missing.join("\n") + "\n").unwrap();
    let out = ratsindex(
        dir.path(),
        &[
            "ingest",
            "--records",
            "missing",
            "--index",
            "m",
            "--report",
            "m.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(
        (m["failed"].as_u64(), m["documents"].as_u64()),
        (Some(1), Some(12))
    );
    assert_eq!(m["failures"][0]["path"], "papers/rat.pdf");
    assert!(
        m["failures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("papers [1]"),
        "{m}"
    );
}
