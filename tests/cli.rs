//! The `extract` command: JSON Lines on stdout, errors on stderr, exit
//! codes 0/1/2.

use crate::util::{json_lines, ratsindex, ratsindex_within, stderr, stdout};

#[test]
fn extract_prints_one_record_per_file_and_reports_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Drucksache\n\n1822/24\n\nBeschlussvorschlag\n\nText.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.pdf"), b"%PDF-1.4 truncated garbage").unwrap();
    std::fs::write(dir.path().join("c.txt"), [0u8, 1, 2, 3, 0, 5, 6, 7, 8, 0]).unwrap();
    let out = ratsindex(dir.path(), &["extract", "a.txt", "b.pdf", "c.txt"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let records = json_lines(&stdout(&out));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"]["path"], "a.txt");
    assert_eq!(records[0]["source"]["format"], "text");
    let err = stderr(&out);
    assert!(err.contains("b.pdf: pdf:"), "{err}");
    assert!(err.contains("c.txt: decode:"), "{err}");
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_not_waited_for() {
    // See: issue 19, item 4 (a FIFO hung extract and ingest forever).
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(dir.path().join("a.txt"), "Drucksache 1822/24\n\nText.\n").unwrap();
    both_fail_on_the_first(
        dir.path(),
        &["pipe.txt", "a.txt"],
        "pipe.txt: read: not a regular file (a FIFO)",
    );
}

/// Runs `extract ARGS` and `ingest ARGS`, whose first file is bad and
/// second good: each must end (within 60 s), exit 1, say `message`, and
/// do the good file.
fn both_fail_on_the_first(dir: &std::path::Path, args: &[&str], message: &str) {
    for command in ["extract", "ingest"] {
        let out = ratsindex_within(dir, &[&[command][..], args].concat(), 60);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(err.contains(message), "{command}: {err}");
        if command == "extract" {
            assert_eq!(json_lines(&stdout(&out)).len(), 1);
        } else {
            assert!(err.contains("1 new"), "{err}");
        }
    }
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    // See: issue 19, item 9 (`extract … | head` exited 2 with "Broken
    // pipe": serde_json hid the io error).
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let paper = "Drucksache 1822/24\n\nBeschlussvorschlag\n\nText.\n";
    for n in 0..300 {
        std::fs::write(
            dir.path().join(format!("{n:03}.txt")),
            format!("{paper}{n}\n"),
        )
        .unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ratsindex"))
        .args(["extract", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
}

/// A text too long to read and extract in 2 s unoptimised (it takes
/// 15–20 s in a debug build): 20 MB of prose; and a short paper.
fn long_text(dir: &std::path::Path) {
    let line = "Der Ausschuss berät den Radverkehr in der Innenstadt und beschließt.\n";
    std::fs::write(dir.join("long.txt"), line.repeat(20_000_000 / line.len())).unwrap();
    std::fs::write(dir.join("a.txt"), "Drucksache 1822/24\n\nText.\n").unwrap();
}

#[test]
fn a_file_over_the_time_budget_fails_and_the_run_goes_on() {
    // See: issue 19, item 2 (no time limit on text and extraction).
    let dir = tempfile::tempdir().unwrap();
    long_text(dir.path());
    both_fail_on_the_first(
        dir.path(),
        &["long.txt", "a.txt", "--time-budget", "2"],
        "long.txt: extract: took longer than the time budget of 2 s",
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = ratsindex(dir.path(), &["extract"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ratsindex(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The set-up command of README.md: every bundled fixture ingests cleanly
/// (the deliberately broken PDFs are left out by their `.ratsindexignore`)
/// and the stemmed search finds both seeds (the Erfurt one only says
/// "Beteiligung").
#[test]
fn readme_setup_ingests_all_fixtures_and_finds_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    // As in a fresh clone: the repository's `index/` with its placeholder.
    std::fs::create_dir(dir.path().join("index")).unwrap();
    for entry in std::fs::read_dir(crate::util::root().join("index")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() && entry.file_name().to_string_lossy().starts_with('.') {
            std::fs::copy(
                entry.path(),
                dir.path().join("index").join(entry.file_name()),
            )
            .unwrap();
        }
    }
    let fixtures = crate::util::root().join("fixtures");
    let fixtures = fixtures.to_str().unwrap();
    let out = ratsindex(dir.path(), &["ingest", fixtures]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains(" 0 failed"), "{}", stderr(&out));
    let out = ratsindex(dir.path(), &["search", "--json", "Beteiligungen"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let references: Vec<String> = json_lines(&stdout(&out))
        .iter()
        .map(|hit| hit["reference"].as_str().unwrap_or_default().to_string())
        .collect();
    for seed in ["1822/24", "VO/7605/2020"] {
        assert!(references.iter().any(|r| r == seed), "{references:?}");
    }
}

#[test]
fn explain_shows_the_header_as_read_and_the_candidates_of_each_field() {
    let dir = tempfile::tempdir().unwrap();
    let paper = dir.path().join("antrag.txt");
    std::fs::write(
        &paper,
        "STADT MUSTERSTADT\nDer Oberbürgermeister\n\nANTRAG\nDHH/2025/0815\n\nStadtrat Max Muster (SPD)\nvom 12.03.2025\n\nNeue Bänke am Marktplatz\n\nDie Verwaltung wird beauftragt, zwölf Bänke aufzustellen.\n",
    )
    .unwrap();
    let out = ratsindex(dir.path(), &["extract", "--explain", "antrag.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for want in [
        "title: Neue Bänke am Marktplatz",
        "-- header lines as read",
        "Letterhead | STADT MUSTERSTADT",
        "Party      | Stadtrat Max Muster (SPD)",
        "Date       | vom 12.03.2025",
        "-- title candidates",
        "chosen | Neue Bänke am Marktplatz",
        "-- paper_type candidates",
        "chosen: Antrag",
        "-- reference candidates",
        "chosen (reference.below_type) | DHH/2025/0815",
    ] {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
}
