//! `ratsindex check`: whether an index can be trusted, said in words.
//!
//! Three looks: the checksum of every file the last commit uses
//! (tantivy's footers), the schema version (by opening it), and the
//! ingest's bookkeeping: every document readable, and no file claimed by
//! two documents. A panic while reading counts as damage.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::{writer, IndexError, RatsIndex, Result};

/// What a check found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Documents in the index, if they could be counted.
    pub documents: Option<u64>,
    /// Each problem in words; empty when the index is sound.
    pub problems: Vec<String>,
}

/// Checks the index in `dir`. An index that cannot be opened at all (none
/// there, another schema version) is an error that says so.
pub fn check(dir: &Path) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let index = match RatsIndex::open(dir) {
        Ok(index) => index,
        Err(IndexError::Damaged { reason, .. }) => {
            report.problems.push(reason);
            return Ok(report);
        }
        Err(other) => return Err(other),
    };
    match guarded(|| index.index().validate_checksum()) {
        Ok(Ok(damaged)) => {
            let mut damaged: Vec<_> = damaged.into_iter().collect();
            damaged.sort();
            for file in damaged {
                report.problems.push(format!(
                    "{}: its checksum does not match (the file is damaged)",
                    file.display()
                ));
            }
        }
        Ok(Err(e)) => report
            .problems
            .push(format!("the files cannot be verified: {e}")),
        Err(panic) => report
            .problems
            .push(format!("verifying the files failed: {panic}")),
    }
    match guarded(|| super::search::document_count(&index)) {
        Ok(Ok(n)) => report.documents = Some(n),
        Ok(Err(e)) => report
            .problems
            .push(format!("the documents cannot be counted: {e}")),
        Err(panic) => report
            .problems
            .push(format!("counting the documents failed: {panic}")),
    }
    match guarded(|| writer::source_files(&index)) {
        Ok(Ok(files)) => {
            let mut claims: HashMap<String, usize> = HashMap::new();
            for file in files {
                *claims.entry(file.path).or_default() += 1;
            }
            let mut twice: Vec<_> = claims.into_iter().filter(|(_, n)| *n > 1).collect();
            twice.sort();
            for (path, n) in twice {
                report.problems.push(format!(
                    "{path} is claimed by {n} documents (a run was stopped half-way; \
                     the next ingest of it repairs this)"
                ));
            }
        }
        Ok(Err(e)) => report
            .problems
            .push(format!("the file list cannot be read: {e}")),
        Err(panic) => report
            .problems
            .push(format!("reading the file list failed: {panic}")),
    }
    Ok(report)
}

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::writer::IndexSink;
    use crate::record::Record;
    use std::io::{Read, Seek, SeekFrom, Write};

    #[test]
    fn a_sound_index_has_no_problems_and_a_flipped_byte_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let index = RatsIndex::open_or_create(dir.path()).unwrap();
        let mut sink = IndexSink::new(&index, 15_000_000).unwrap();
        for n in 0..5 {
            let record = Record {
                id: format!("{n:016x}"),
                text: format!("Radweg {n}"),
                ..Record::default()
            };
            sink.upsert(&record).unwrap();
        }
        sink.finish().unwrap();
        drop(index);
        let report = check(dir.path()).unwrap();
        assert_eq!(report.problems, Vec::<String>::new());
        assert_eq!(report.documents, Some(5));
        let store = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .unwrap();
        // Flipped in place: damage, not a file rewritten from scratch.
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&store)
            .unwrap();
        let mut first = [0u8];
        file.read_exact(&mut first).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        file.write_all(&[first[0] ^ 0xFF]).unwrap();
        drop(file);
        let report = check(dir.path()).unwrap();
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains(".store: its checksum does not match")),
            "{report:?}"
        );
    }
}
