//! A damaged index, 21 ways: seven kinds of index file (the commit's
//! `meta.json` and six kinds of segment file) each with a flipped byte,
//! cut in half, or gone. Every case must be found by `check` (never
//! "sound"), no command may panic on it, and `ingest --rebuild` must make
//! the same index again: every paper back, with its body, under the key
//! the next nightly run finds unchanged.
//!
//! See: issue 19, item 6 and its goal "21 index-damage cases: 0 panics,
//! each detected by `check`, each recovered by `ingest --rebuild`".

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use ratsindex::index::writer::{last_commit, source_files, stored_record};
use ratsindex::index::RatsIndex;

use crate::util::{json_lines, ratsindex, stderr, stdout};

use crate::ingest::gen_corpus;

/// The index files damaged: the commit and one of each segment file kind.
const KINDS: [&str; 7] = [
    "meta.json",
    ".term",
    ".idx",
    ".pos",
    ".store",
    ".fast",
    ".fieldnorm",
];

#[derive(Clone, Copy, Debug)]
enum Damage {
    FlippedByte,
    CutInHalf,
    Gone,
}

const PAPERS: usize = 24;
const BODY: &str = "Gera";

/// The file of `kind` in `index` (the largest, if several segments).
fn file_of_kind(index: &Path, kind: &str) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name == kind || (kind.starts_with('.') && name.ends_with(kind))
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap_or_else(|| panic!("no {kind} file in {}", index.display()))
}

fn damage(file: &Path, how: Damage) {
    let len = std::fs::metadata(file).unwrap().len();
    match how {
        Damage::FlippedByte => {
            let middle = len / 2;
            let byte = std::fs::read(file).unwrap()[middle as usize];
            let mut f = std::fs::OpenOptions::new().write(true).open(file).unwrap();
            f.seek(SeekFrom::Start(middle)).unwrap();
            f.write_all(&[byte ^ 0xFF]).unwrap();
        }
        Damage::CutInHalf => {
            let f = std::fs::OpenOptions::new().write(true).open(file).unwrap();
            f.set_len(len / 2).unwrap();
        }
        Damage::Gone => std::fs::remove_file(file).unwrap(),
    }
}

fn copy_files(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Every indexed path with its paper's body, sorted.
fn paths_and_bodies(index: &Path) -> Vec<(String, Option<String>)> {
    let index = RatsIndex::open(index).unwrap();
    let searcher = last_commit(&index).unwrap();
    let mut all: Vec<_> = source_files(&index)
        .unwrap()
        .into_iter()
        .map(|file| {
            let record = stored_record(&index, &searcher, &file.id).unwrap().unwrap();
            (file.path, record.body)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn every_damage_is_found_by_check_and_repaired_by_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    gen_corpus::generate(
        &dir.path().join("papers"),
        PAPERS,
        5,
        gen_corpus::Formats::Text,
    )
    .unwrap();
    let out = ratsindex(dir.path(), &["ingest", "papers", "--body", BODY]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pristine = dir.path().join("pristine");
    copy_files(&dir.path().join("index"), &pristine);
    let expected = paths_and_bodies(&pristine);
    assert_eq!(expected.len(), PAPERS);
    assert!(expected
        .iter()
        .all(|(_, body)| body.as_deref() == Some(BODY)));

    let mut failures = Vec::new();
    for kind in KINDS {
        for how in [Damage::FlippedByte, Damage::CutInHalf, Damage::Gone] {
            let case = format!("{kind} {how:?}");
            let index = dir.path().join("index");
            copy_files(&pristine, &index);
            damage(&file_of_kind(&index, kind), how);

            // Found, in words that say what to run; nothing panics.
            let checked = ratsindex(dir.path(), &["check"]);
            let said = stderr(&checked);
            if !matches!(checked.status.code(), Some(1 | 2)) || !said.contains("--rebuild") {
                failures.push(format!("{case}: check said {:?}: {said}", checked.status));
            }
            for command in [
                &["search", "Radweg"][..],
                &["stats"],
                &["related", "1/2020"],
            ] {
                let out = ratsindex(dir.path(), command);
                if out.status.code() != Some(0) && !matches!(out.status.code(), Some(1 | 2)) {
                    failures.push(format!(
                        "{case}: {command:?} ended {:?}: {}",
                        out.status,
                        stderr(&out)
                    ));
                }
            }

            // Repaired: the same papers, bodies and keys.
            let rebuilt = ratsindex(dir.path(), &["ingest", "--rebuild"]);
            if rebuilt.status.code() != Some(0) {
                failures.push(format!("{case}: rebuild failed: {}", stderr(&rebuilt)));
                continue;
            }
            let checked = ratsindex(dir.path(), &["check"]);
            if checked.status.code() != Some(0) {
                failures.push(format!("{case}: after rebuild: {}", stderr(&checked)));
                continue;
            }
            if paths_and_bodies(&index) != expected {
                failures.push(format!("{case}: rebuilt index differs"));
            }
            let again = ratsindex(
                dir.path(),
                &["ingest", "papers", "--body", BODY, "--report", "again.json"],
            );
            let report: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.path().join("again.json")).unwrap(),
            )
            .unwrap();
            if again.status.code() != Some(0) || report["unchanged"] != PAPERS {
                failures.push(format!("{case}: the next run was not a no-op: {report}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 21 cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rebuild_reads_each_path_from_its_folder_under_its_body_rule() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    gen_corpus::generate(&archive.join("erfurt"), 3, 1, gen_corpus::Formats::Text).unwrap();
    gen_corpus::generate(&archive.join("gera"), 2, 2, gen_corpus::Formats::Text).unwrap();
    gen_corpus::generate(&dir.path().join("loose"), 2, 3, gen_corpus::Formats::Text).unwrap();
    // Two runs from two folders, two body rules; one index.
    let index = dir.path().join("index");
    let index_arg = index.to_str().unwrap();
    let out = ratsindex(
        &archive,
        &["ingest", ".", "--body-from-dir", "--index", index_arg],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ratsindex(
        dir.path(),
        &["ingest", "loose", "--body", "Suhl", "--index", index_arg],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = paths_and_bodies(&index);
    assert_eq!(before.len(), 7);

    damage(&file_of_kind(&index, "meta.json"), Damage::Gone);
    // Rebuilt from a third folder: each run is read from its own.
    let out = ratsindex(
        &archive.join("erfurt"),
        &["ingest", "--rebuild", "--index", index_arg],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(paths_and_bodies(&index), before);
    let out = ratsindex(dir.path(), &["stats", "--json", "--index", index_arg]);
    assert_eq!(json_lines(&stdout(&out))[0]["documents"], 7);
}

#[test]
fn rebuild_without_a_record_of_its_sources_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("index")).unwrap();
    std::fs::write(dir.path().join("index").join("meta.json"), "{garbage").unwrap();
    let out = ratsindex(dir.path(), &["ingest", "--rebuild"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing records what it was built from"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("index").join("meta.json").exists());
}

#[test]
fn rebuild_imports_recorded_dumps_and_applies_the_recorded_bodies_file() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    gen_corpus::generate(&archive.join("erfurt"), 3, 1, gen_corpus::Formats::Text).unwrap();
    let bodies = dir.path().join("bodies.toml");
    std::fs::write(&bodies, "erfurt = \"Landeshauptstadt Erfurt\"\n").unwrap();
    let index = dir.path().join("index");
    let index_arg = index.to_str().unwrap();
    let out = ratsindex(
        &archive,
        &[
            "ingest",
            ".",
            "--body-from-dir",
            "--bodies",
            bodies.to_str().unwrap(),
            "--index",
            index_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    import_dump(dir.path(), &index);
    let before = paths_and_bodies(&index);
    assert!(
        before.iter().any(|(path, _)| path.starts_with("oparl:")),
        "{before:?}"
    );
    assert!(
        before
            .iter()
            .any(|(_, body)| body.as_deref() == Some("Landeshauptstadt Erfurt")),
        "{before:?}"
    );

    damage(&file_of_kind(&index, "meta.json"), Damage::Gone);
    // No --bodies now: the recorded file applies; the dump is imported.
    let out = ratsindex(dir.path(), &["ingest", "--rebuild", "--index", index_arg]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert_eq!(paths_and_bodies(&index), before, "{}", stderr(&out));
}

#[test]
fn rebuild_refuses_to_drop_papers_of_a_dump_nothing_records() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index_arg = index.to_str().unwrap();
    import_dump(dir.path(), &index);
    // As an index of an older ratsindex: the dump is not in the list.
    let list = index.join("ratsindex-sources.json");
    let mut sources: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&list).unwrap()).unwrap();
    sources["given"] = serde_json::json!([]);
    std::fs::write(&list, sources.to_string()).unwrap();
    let before = paths_and_bodies(&index);

    let out = ratsindex(dir.path(), &["ingest", "--rebuild", "--index", index_arg]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("OParl dump"), "{}", stderr(&out));
    // Nothing was cleared.
    assert_eq!(paths_and_bodies(&index), before);
}

/// Writes the test OParl dump to `dir/dump` and imports it into `index`.
fn import_dump(dir: &Path, index: &Path) {
    let dump = dir.join("dump");
    std::fs::create_dir(&dump).unwrap();
    crate::oparl::write_dump(&dump, true);
    let out = ratsindex(
        dir,
        &[
            "ingest",
            "--oparl",
            "dump",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    // The dump has one malformed line: exit 1 after importing the rest.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}
