//! `ratsindex ingest` as archivists and nightly jobs use it: killed and
//! resumed, run twice, files changed, removed, broken, duplicated, two
//! runs at once, `--report`, `--body-from-dir`. Corpora come from
//! `examples/gen_corpus.rs` and stay small.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use ratsindex::index::document::to_document;
use ratsindex::index::writer::{source_files, FileStamp, IndexSink, SourceFile};
use ratsindex::index::{search, RatsIndex};
use ratsindex::record::{document_id, Record};
use ratsindex::source::sha256_hex;

use crate::util::{json_lines, ratsindex, stderr, stdout};

#[path = "../examples/gen_corpus.rs"]
pub mod gen_corpus;

use gen_corpus::{generate, Expected, Formats};

/// A temp dir with `count` generated papers in `papers/`.
fn corpus(count: usize, formats: Formats) -> (tempfile::TempDir, Vec<Expected>) {
    let dir = tempfile::tempdir().unwrap();
    let papers = generate(&dir.path().join("papers"), count, 11, formats).unwrap();
    (dir, papers)
}

/// Runs `ratsindex ingest papers --report report.json ARGS` and returns
/// the exit code and the report.
fn ingest(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["ingest", "papers", "--report", "report.json"];
    all.extend_from_slice(args);
    let out = ratsindex(dir, &all);
    let report = std::fs::read_to_string(dir.join("report.json"))
        .unwrap_or_else(|e| panic!("no report ({e}); stderr: {}", stderr(&out)));
    (out.status.code(), serde_json::from_str(&report).unwrap())
}

fn documents(dir: &Path) -> u64 {
    let out = ratsindex(dir, &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json_lines(&stdout(&out))[0]["documents"].as_u64().unwrap()
}

/// The paths of every document in the index, sorted.
fn indexed_paths(dir: &Path) -> Vec<String> {
    let index = RatsIndex::open(&dir.join("index")).unwrap();
    let mut paths: Vec<String> = source_files(&index)
        .unwrap()
        .into_iter()
        .map(|f| f.path)
        .collect();
    paths.sort();
    paths
}

fn id_of(file: &Path) -> String {
    document_id(&sha256_hex(&std::fs::read(file).unwrap()))
}

/// Starts `ingest papers --commit-every 20 --threads 1 ARGS` and returns
/// it, with the rest of its stderr, once it has committed for the first
/// time (far from done with 400 papers).
fn ingest_until_first_commit(
    dir: &Path,
    args: &[&str],
) -> (std::process::Child, impl Iterator<Item = String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ratsindex"))
        .args(["ingest", "papers", "--commit-every", "20", "--threads", "1"])
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok);
    let first_commit = lines.by_ref().find(|line| line.contains("committed"));
    assert!(first_commit.is_some(), "the run never committed");
    (child, lines)
}

/// Runs `ingest --report report.json` until its first commit, then has
/// `sh -c KILL sh PID` signal it, and returns the rest of its stderr once
/// it has ended with exit code 130.
#[cfg(unix)]
fn signal_after_first_commit(dir: &Path, kill: &str) -> Vec<String> {
    let (mut child, lines) = ingest_until_first_commit(dir, &["--report", "report.json"]);
    let pid = child.id().to_string();
    let sent = Command::new("sh")
        .args(["-c", kill, "sh", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let rest: Vec<String> = lines.collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest:?}");
    rest
}

#[test]
fn a_killed_run_is_completed_by_the_next_without_duplicates() {
    let (dir, papers) = corpus(400, Formats::Text);
    // Kill right after the first commit: the run is far from done.
    let (mut child, _) = ingest_until_first_commit(dir.path(), &[]);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), None, "the run finished before it was killed");

    let after_kill = documents(dir.path());
    assert!(
        (20..400).contains(&after_kill),
        "{after_kill} documents after the kill"
    );
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["found"], 400);
    assert_eq!(report["failed"], 0);
    assert!(report["unchanged"].as_u64().unwrap() >= after_kill);
    assert_eq!(
        report["new"].as_u64().unwrap() + report["unchanged"].as_u64().unwrap(),
        400
    );
    assert_eq!(documents(dir.path()), papers.len() as u64);
    // One source file per document: no path indexed twice.
    let mut paths = indexed_paths(dir.path());
    paths.dedup();
    assert_eq!(paths.len(), 400);
}

#[cfg(unix)]
#[test]
fn a_signal_commits_what_was_done_writes_the_report_and_exits_130() {
    // See: issue 19, item 8 (a signal ended the run at once, keeping
    // nothing since the last commit).
    let (dir, papers) = corpus(400, Formats::Text);
    let rest = signal_after_first_commit(dir.path(), "kill -INT \"$1\"");
    assert!(
        rest.iter().any(|l| l.contains("stopped by a signal")),
        "{rest:?}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(report["interrupted"], true, "{report}");
    let new = report["new"].as_u64().unwrap();
    assert!((20..400).contains(&new), "{report}");
    // Everything the run counted is in the index, not just its last commit.
    assert_eq!(documents(dir.path()), new);
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["unchanged"].as_u64().unwrap(), new, "{report}");
    assert_eq!(documents(dir.path()), papers.len() as u64);
}

#[cfg(unix)]
#[test]
fn a_second_signal_ends_the_run_at_once_and_the_next_run_completes_it() {
    // See: issue 19, item 8: the first signal asks for a graceful stop, a
    // second one means "now". Two different signals, so the kernel cannot
    // merge them into one pending signal.
    let (dir, papers) = corpus(400, Formats::Text);
    let rest = signal_after_first_commit(dir.path(), "kill -TERM \"$1\" && kill -INT \"$1\"");
    // At once: no graceful stop (its message, its report) happened.
    assert!(
        !rest.iter().any(|l| l.contains("stopped by a signal")),
        "{rest:?}"
    );
    assert!(!dir.path().join("report.json").exists());
    // The index is as of a commit, and the next run does the rest.
    let check = ratsindex(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(documents(dir.path()), papers.len() as u64);
}

#[test]
fn ingesting_twice_changes_nothing_and_reads_nothing() {
    let (dir, papers) = corpus(30, Formats::Mixed);
    let (code, first) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{first}");
    assert_eq!(first["new"], 30);
    for key in [
        "found",
        "new",
        "updated",
        "unchanged",
        "failed",
        "removed",
        "elapsed_s",
        "failures",
    ] {
        assert!(first.get(key).is_some(), "report lacks {key}: {first}");
    }
    let index_before = source_files(&RatsIndex::open(&dir.path().join("index")).unwrap()).unwrap();
    let (code, second) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(second["unchanged"], 30, "{second}");
    assert_eq!(second["new"], 0);
    assert_eq!(second["bytes_read"], 0, "unchanged files must not be read");
    assert_eq!(documents(dir.path()), papers.len() as u64);
    let mut before = index_before;
    let mut after = source_files(&RatsIndex::open(&dir.path().join("index")).unwrap()).unwrap();
    before.sort_by(|a, b| a.path.cmp(&b.path));
    after.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(before, after);
}

#[test]
fn a_changed_file_replaces_its_document() {
    let (dir, papers) = corpus(10, Formats::Text);
    assert_eq!(ingest(dir.path(), &[]).0, Some(0));
    let file = dir.path().join("papers").join(&papers[3].path);
    let old_id = id_of(&file);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\nNachtrag: Quartiersgarage Zwiebelturm\n");
    std::fs::write(&file, text).unwrap();
    let new_id = id_of(&file);

    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(report["unchanged"], 9, "{report}");
    assert_eq!(documents(dir.path()), 10);
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    assert!(search::lookup(&index, &old_id, None).unwrap().is_empty());
    let found = search::lookup(&index, &new_id, None).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].text.contains("Zwiebelturm"));
}

#[test]
fn prune_drops_documents_of_vanished_files_only_when_asked() {
    let (dir, papers) = corpus(12, Formats::Text);
    assert_eq!(ingest(dir.path(), &[]).0, Some(0));
    for paper in &papers[..2] {
        std::fs::remove_file(dir.path().join("papers").join(&paper.path)).unwrap();
    }
    let (_, report) = ingest(dir.path(), &[]);
    assert_eq!(report["removed"], 0);
    assert_eq!(documents(dir.path()), 12);
    let (code, report) = ingest(dir.path(), &["--prune"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["removed"], 2, "{report}");
    assert_eq!(documents(dir.path()), 10);
}

#[test]
fn prune_refuses_an_empty_folder_unless_forced() {
    // See: issue 19, item 1 (a disk not mounted looks like every file
    // deleted).
    let (dir, _) = corpus(6, Formats::Text);
    assert_eq!(ingest(dir.path(), &[]).0, Some(0));
    let moved = dir.path().join("elsewhere");
    std::fs::rename(dir.path().join("papers"), &moved).unwrap();
    std::fs::create_dir(dir.path().join("papers")).unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers", "--prune"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("folder is empty"), "{}", stderr(&out));
    assert_eq!(documents(dir.path()), 6);
    let out = ratsindex(dir.path(), &["ingest", "papers", "--prune", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(documents(dir.path()), 0);
}

#[test]
fn prune_refuses_to_remove_more_than_the_stated_share() {
    let (dir, papers) = corpus(10, Formats::Text);
    assert_eq!(ingest(dir.path(), &[]).0, Some(0));
    for paper in &papers[..6] {
        std::fs::remove_file(dir.path().join("papers").join(&paper.path)).unwrap();
    }
    let out = ratsindex(dir.path(), &["ingest", "papers", "--prune"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("6 of the 10 files") && message.contains("--prune-max 50%"),
        "{message}"
    );
    assert_eq!(documents(dir.path()), 10, "a refused run writes nothing");
    let (code, report) = ingest(dir.path(), &["--prune", "--prune-max", "60"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["removed"], 6, "{report}");
    assert_eq!(documents(dir.path()), 4);
}

#[cfg(unix)]
#[test]
fn names_that_differ_only_in_bytes_that_are_not_utf8_are_two_files() {
    // See: issue 19, item 5 (both names became one key: one file was
    // always missing and every run changed the index).
    use std::os::unix::ffi::OsStrExt;
    let (dir, papers) = corpus(2, Formats::Text);
    let folder = dir.path().join("papers");
    for (paper, byte) in papers.iter().zip([0xFFu8, 0xFE]) {
        let name = [b"bad-".as_slice(), &[byte], b".txt"].concat();
        let to = folder.join(std::ffi::OsStr::from_bytes(&name));
        std::fs::rename(folder.join(&paper.path), to).unwrap();
    }
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["new"], 2, "{report}");
    assert_eq!(documents(dir.path()), 2);
    let (code, report) = ingest(dir.path(), &["--prune"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["unchanged"], 2, "{report}");
    assert_eq!(report["removed"], 0, "{report}");
    assert_eq!(
        indexed_paths(dir.path()),
        ["papers/bad-\\xFE.txt", "papers/bad-\\xFF.txt"]
    );
    let bad = folder.join(std::ffi::OsStr::from_bytes(b"bad-\xff.txt"));
    let out = ratsindex(dir.path(), &["show", &id_of(&bad)]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["source"]["path"], "papers/bad-\\xFF.txt");
}

#[test]
fn the_same_bytes_at_two_paths_are_one_document() {
    let (dir, papers) = corpus(5, Formats::Text);
    let original = dir.path().join("papers").join(&papers[0].path);
    let copy = dir.path().join("papers").join("copy.txt");
    std::fs::copy(&original, &copy).unwrap();
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report["found"], 6);
    assert_eq!(report["duplicates"], 1, "{report}");
    assert_eq!(documents(dir.path()), 5);
    // The copy goes away: the document stays, with the other path.
    std::fs::remove_file(&copy).unwrap();
    let (_, report) = ingest(dir.path(), &["--prune"]);
    assert_eq!(report["removed"], 1);
    assert_eq!(documents(dir.path()), 5);
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    let records = search::lookup(&index, &id_of(&original), None).unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].source.path.ends_with(&papers[0].path));
}

#[test]
fn broken_files_are_reported_and_the_rest_is_indexed() {
    let (dir, _) = corpus(8, Formats::Mixed);
    let papers = dir.path().join("papers");
    std::fs::write(papers.join("empty.txt"), b"").unwrap();
    std::fs::write(
        papers.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0],
    )
    .unwrap();
    std::fs::write(papers.join("cut.pdf"), b"%PDF-1.4\n1 0 obj\n<< /Type").unwrap();
    std::fs::write(papers.join("notes.docx"), b"PK\x03\x04").unwrap();
    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["failed"], 4, "{report}");
    // The generator's manifest.jsonl (notes.docx is read, and fails).
    assert_eq!(report["ignored"], 1);
    let failures = report["failures"].as_array().unwrap();
    for (name, stage) in [
        ("binary.txt", "decode"),
        ("cut.pdf", "pdf"),
        ("empty.txt", "decode"),
        ("notes.docx", "office"),
    ] {
        let failure = failures
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not reported: {report}"));
        assert_eq!(failure["stage"], stage);
        assert!(!failure["reason"].as_str().unwrap().is_empty());
    }
    assert_eq!(documents(dir.path()), 8);
}

#[test]
fn a_second_writer_is_refused_with_exit_2() {
    let (dir, _) = corpus(3, Formats::Text);
    let index = RatsIndex::open_or_create(&dir.path().join("index")).unwrap();
    let held = IndexSink::new(&index, 15_000_000).unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("another ratsindex process is writing"),
        "{}",
        stderr(&out)
    );
    drop(held);
    let out = ratsindex(dir.path(), &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(documents(dir.path()), 3);
}

#[test]
fn body_from_dir_names_the_body_after_the_first_folder() {
    let (dir, papers) = corpus(7, Formats::Mixed);
    let (code, _) = ingest(dir.path(), &["--body-from-dir"]);
    assert_eq!(code, Some(0));
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    for paper in &papers {
        let id = id_of(&dir.path().join("papers").join(&paper.path));
        let records = search::lookup(&index, &id, None).unwrap();
        assert_eq!(records.len(), 1, "{}", paper.path);
        assert_eq!(records[0].body.as_deref(), Some(paper.body.as_str()));
    }
    let out = ratsindex(
        dir.path(),
        &["ingest", "papers", "--body", "X", "--body-from-dir"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_index_folder_with_other_files_is_refused() {
    // See: issue 19, item 10 (tantivy's files were written among them).
    let (dir, _) = corpus(2, Formats::Text);
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("todo.txt"), "x").unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers", "--index", "notes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(&notes).unwrap().collect();
    assert_eq!(left.len(), 1);
    // An empty folder, or one a failed creation left, is fine.
    std::fs::remove_file(notes.join("todo.txt")).unwrap();
    std::fs::write(notes.join("ratsindex-schema-version"), "0").unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers", "--index", "notes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_full_disk_is_said_once_with_the_index_path_and_the_next_run_recovers() {
    // See: issue 19, item 7 (a repeated raw message naming no path, then
    // "An index writer was killed"). Needs a small file system: a tmpfs,
    // which only root may mount; skipped (loudly) otherwise.
    let (dir, _) = corpus(40, Formats::Text);
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs to fill");
        return;
    }
    std::fs::write(disk.join("filler"), vec![0u8; 1_950_000]).unwrap();
    let out = ratsindex(
        dir.path(),
        &[
            "ingest",
            "papers",
            "--index",
            "disk/index",
            "--report",
            "report.json",
        ],
    );
    let message = stderr(&out);
    // The report is written all the same, with the reason.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    std::fs::remove_file(disk.join("filler")).unwrap();
    let again = ratsindex(dir.path(), &["ingest", "papers", "--index", "disk/index"]);
    let _ = Command::new("umount").arg(&disk).status();
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(
        message.contains("the disk holding the index at disk/index is full"),
        "{message}"
    );
    assert_eq!(message.matches("No space left").count(), 0, "{message}");
    let reason = report["error"].as_str().unwrap_or_default();
    assert!(reason.contains("is full"), "{report}");
    assert_eq!(report["found"], 40, "{report}");
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn a_missing_path_is_a_setup_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = ratsindex(dir.path(), &["ingest", "nowhere", "--prune"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
}

#[test]
fn a_path_left_claimed_by_two_documents_is_repaired() {
    // What a run killed between writing a changed file's new document and
    // rewriting its old one leaves behind: two documents claim one path.
    let (dir, papers) = corpus(2, Formats::Text);
    let file = dir.path().join("papers").join(&papers[0].path);
    let key = Path::new("papers").join(&papers[0].path);
    let key = key.to_string_lossy().into_owned();
    let meta = std::fs::metadata(&file).unwrap();
    let index = RatsIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut sink = IndexSink::new(&index, 15_000_000).unwrap();
    for (id, stamp) in [
        ("00000000000000aa".to_string(), FileStamp::default()),
        (id_of(&file), FileStamp::from_metadata(&meta)),
    ] {
        let record = Record {
            id: id.clone(),
            text: "Alt".into(),
            ..Record::default()
        };
        let doc = to_document(&index, &record).unwrap();
        let files = [SourceFile {
            id: id.clone(),
            path: key.clone(),
            stamp,
        }];
        sink.upsert_document(&id, doc, &files).unwrap();
    }
    sink.finish().unwrap();
    assert_eq!(documents(dir.path()), 2);

    let (code, report) = ingest(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(documents(dir.path()), 2, "{report}");
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    assert!(search::lookup(&index, "00000000000000aa", None)
        .unwrap()
        .is_empty());
    let claims: Vec<_> = source_files(&index)
        .unwrap()
        .into_iter()
        .filter(|f| f.path == key)
        .collect();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].id, id_of(&file));
}

#[test]
fn a_bodies_file_gives_each_body_one_name() {
    // See: issue 17, point 4 (folder names and aliases → one name).
    let (dir, papers) = corpus(9, Formats::Mixed);
    let renamed = papers[0].body.clone();
    let folder = papers[0].path.split('/').next().unwrap().to_string();
    std::fs::write(
        dir.path().join("bodies.toml"),
        format!("# folder = name\n{folder} = \"Stadtgemeinde Renamed\"\n"),
    )
    .unwrap();
    let (code, _) = ingest(dir.path(), &["--body-from-dir", "--bodies", "bodies.toml"]);
    assert_eq!(code, Some(0));
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    for paper in &papers {
        let id = id_of(&dir.path().join("papers").join(&paper.path));
        let records = search::lookup(&index, &id, None).unwrap();
        let want = if paper.body == renamed {
            "Stadtgemeinde Renamed"
        } else {
            paper.body.as_str()
        };
        assert_eq!(records[0].body.as_deref(), Some(want), "{}", paper.path);
    }
    // A bodies file that is not a table of names stops the run before it
    // starts, naming the file.
    std::fs::write(dir.path().join("bad.toml"), "erfurt = 3\n").unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers", "--bodies", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.toml"), "{}", stderr(&out));
}
