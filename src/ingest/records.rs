//! Ingesting records that `ratsindex extract` wrote, without reading or
//! extracting the files again (`ingest --records FILE|-`): the second half
//! of a split import, where many machines extract and one (or one per
//! shard) indexes.
//!
//! Each JSON line is either a [`Record`] — as `extract` prints it, with
//! the optional [`FileKey`] `file` that `extract --files-from` adds — or an
//! [`ErrorLine`] for a file that failed. A line becomes the same
//! [`Outcome`] a worker of a normal ingest would have sent for that file
//! ([`outcome`]), and the same writer loop, [`Ledger`] and [`Summary`]
//! apply it: upserts, duplicates (one document for the same content at
//! two paths), counts and the report are those of reading the files.
//!
//! Three stages as in [`super`]: one thread reads lines, `threads` workers
//! parse them into documents, the calling thread writes and commits.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::scans::ScanLog;
use super::{stopping, Catalog, Event, IngestError, IngestOptions};
use super::{Outcome, Summary, Watch, Writer};
use crate::error::{FileError, Stage};
use crate::index::writer::{self, FileStamp, SourceFile};
use crate::index::RatsIndex;
use crate::record::{document_id, part_id, BundlePart, Record};
use crate::source::path_from_text;

/// Size and modification time of the file a record was extracted from, as
/// `extract --files-from` read them (the key `file` of its lines): what an
/// incremental ingest compares to skip an unchanged file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    /// Length in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since 1970 (0 if unknown).
    pub mtime_ns: u64,
}

impl From<FileStamp> for FileKey {
    fn from(stamp: FileStamp) -> FileKey {
        FileKey {
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
        }
    }
}

impl From<FileKey> for FileStamp {
    fn from(key: FileKey) -> FileStamp {
        FileStamp {
            size: key.size,
            mtime_ns: key.mtime_ns,
        }
    }
}

/// The line `extract --files-from` prints for a file that failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorLine {
    /// Why, in words.
    pub error: String,
    /// The stage it failed in.
    pub stage: Stage,
    /// The path as given (escaped as in records, see
    /// [`crate::source::path_text`]).
    pub path: String,
}

impl From<&FileError> for ErrorLine {
    fn from(err: &FileError) -> ErrorLine {
        ErrorLine {
            error: err.reason.clone(),
            stage: err.stage,
            path: crate::source::path_text(&err.path),
        }
    }
}

/// The line `extract --files-from` prints for a record: the record's keys
/// and `file`.
#[derive(Debug, Serialize)]
pub struct RecordLine<'a> {
    /// The record, all its keys at the top level.
    #[serde(flatten)]
    pub record: &'a Record,
    /// The file's size and time when it was read (`null` if unknown).
    pub file: Option<FileKey>,
}

/// What is looked at first in a line, to tell a record from an error.
#[derive(Deserialize)]
struct Probe {
    error: Option<String>,
    stage: Option<Stage>,
    path: Option<String>,
    file: Option<FileKey>,
}

/// A line of the input: its number and its bytes.
type Line = (usize, Vec<u8>);

/// Where the records come from, for messages.
#[derive(Clone, Debug)]
pub struct RecordsInput {
    /// `-` for stdin, else the file.
    pub name: String,
}

impl RecordsInput {
    /// The pseudo path of a line that is not a record of any file.
    fn line_path(&self, line: usize) -> PathBuf {
        PathBuf::from(format!("{}:{line}", self.name))
    }
}

/// One line read: a record (with the stamp of its file, if given), a
/// failed file, or nothing (a blank line).
enum Parsed {
    Record(Box<Record>, Option<FileKey>),
    Failed(FileError),
    Blank,
}

/// Reads one line.
fn parse(text: &[u8], line: usize, input: &RecordsInput) -> Parsed {
    let failed = |stage, reason: String| {
        Parsed::Failed(FileError::new(&input.line_path(line), stage, reason))
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return failed(Stage::Decode, "the line is not UTF-8".into());
    };
    if text.trim().is_empty() {
        return Parsed::Blank;
    }
    let probe: Probe = match serde_json::from_str(text) {
        Ok(probe) => probe,
        Err(e) => return failed(Stage::Decode, format!("not a JSON object: {e}")),
    };
    if let Some(error) = probe.error {
        let path = probe
            .path
            .map_or_else(|| input.line_path(line), |p| path_from_text(&p));
        let stage = probe.stage.unwrap_or(Stage::Read);
        return Parsed::Failed(FileError::new(&path, stage, error));
    }
    match serde_json::from_str(text) {
        Ok(record) => Parsed::Record(Box::new(record), probe.file),
        Err(e) => failed(Stage::Decode, format!("not a record: {e}")),
    }
}

/// The paper of a session bundle that a line carries, if it is one (a
/// record whose `bundle` names more than one paper). Only a line that
/// holds the key `"bundle"` is parsed for it (inside a JSON string every
/// quote is escaped, so the bytes `"bundle"` there are a key or the
/// whole value "bundle"); the others are not bundle parts.
fn bundle_part(line: &[u8]) -> Option<BundlePart> {
    #[derive(Deserialize)]
    struct PartProbe {
        #[serde(default)]
        bundle: Option<BundlePart>,
    }
    memchr::memmem::find(line, b"\"bundle\"")?;
    let probe: PartProbe = serde_json::from_slice(line).ok()?;
    probe.bundle.filter(|part| part.parts > 1)
}

/// The lines of one input file: one line, or the papers of a session
/// bundle gathered by [`Gathering`].
type Job = Vec<Line>;

/// Gathers the papers of each session bundle into one job, wherever
/// their lines are in the input (`extract --files-from` prints them one
/// after the other; a shuffle may not): a bundle is one file, applied as
/// one [`Outcome::Bundle`] as a normal ingest does. A bundle is let go
/// when all its papers are there, when a paper comes twice (a second
/// copy starts), or at the end of the input, incomplete (then the worker
/// reports the file as failed rather than index part of it).
#[derive(Default)]
struct Gathering {
    /// (bundle id, path) → parts so far, by part number.
    open: HashMap<(String, String), BTreeMap<u32, Line>>,
}

impl Gathering {
    /// Takes one line; returns the jobs it completes.
    fn take(&mut self, line: Line) -> Option<Job> {
        let Some(part) = bundle_part(&line.1) else {
            return Some(vec![line]);
        };
        let key = (part.bundle_id, part.path);
        let parts = self.open.entry(key.clone()).or_default();
        if parts.contains_key(&part.part) {
            let earlier = std::mem::take(parts);
            parts.insert(part.part, line);
            return Some(earlier.into_values().collect());
        }
        parts.insert(part.part, line);
        if parts.len() as u32 >= part.parts {
            let done = self.open.remove(&key).unwrap_or_default();
            return Some(done.into_values().collect());
        }
        None
    }

    /// The bundles still incomplete at the end of the input.
    fn rest(self) -> impl Iterator<Item = Job> {
        self.open
            .into_values()
            .map(|parts| parts.into_values().collect())
    }
}

/// Turns one input's lines (a record or error line, or the papers of a
/// bundle) into the outcome a normal ingest would have had for its file;
/// `None` for a blank line. A fixed `--body` replaces the records' body.
pub fn outcome(
    job: &[Line],
    input: &RecordsInput,
    index: &RatsIndex,
    catalog: &Catalog,
    options: &IngestOptions,
    scans: Option<&ScanLog>,
) -> Option<(Outcome, u64)> {
    let mut records = Vec::with_capacity(job.len());
    let mut file = None;
    for (number, text) in job {
        match parse(text, *number, input) {
            Parsed::Blank => {}
            Parsed::Failed(err) => return Some((Outcome::Failed(err), 0)),
            Parsed::Record(record, key) => {
                file = file.or(key);
                records.push(*record);
            }
        }
    }
    let first = records.first()?;
    let file_path = path_from_text(&first.source.path);
    let found = match check_papers(&records) {
        Ok(id) => SourceFile {
            id,
            path: first.source.path.clone(),
            // The stamp `extract --files-from` read; else the file's own,
            // if it is reachable here; else none (a later ingest of the
            // files restamps).
            stamp: match file {
                Some(key) => key.into(),
                None => std::fs::metadata(&file_path)
                    .map(|meta| FileStamp::from_metadata(&meta))
                    .unwrap_or_default(),
            },
        },
        Err(reason) => {
            let path = if first.source.path.is_empty() {
                input.line_path(job[0].0)
            } else {
                file_path
            };
            return Some((
                Outcome::Failed(FileError::new(&path, Stage::Index, reason)),
                0,
            ));
        }
    };
    let size = found.stamp.size;
    let found = if options.full {
        found
    } else {
        match catalog.settle(found) {
            Ok(outcome @ Outcome::Content(..)) => return Some((outcome, size)),
            Ok(outcome) => return Some((outcome, 0)),
            Err(found) => found,
        }
    };
    let outcome = super::extracted(index, found, &file_path, records, options, scans);
    Some((outcome, size))
}

/// Checks that `records` are what `extract` wrote for one file: one paper
/// whose id is its content's, or every paper of a session bundle, in
/// order, each with the id [`part_id`] gives it. Returns the file's id
/// (its content's, which its first paper has).
fn check_papers(records: &[Record]) -> Result<String, String> {
    let first = &records[0];
    let file_id = document_id(&first.source.sha256);
    if first.source.path.is_empty() || first.source.sha256.is_empty() {
        return Err(format!(
            "the record {:?} has no path or no sha256; records must come from `ratsindex extract`",
            first.id
        ));
    }
    let parts = match &first.bundle {
        Some(part) if part.parts > 1 => part.parts,
        _ => 1,
    };
    if parts == 1 {
        if records.len() == 1 && first.id == file_id {
            return Ok(file_id);
        }
        return Err(format!(
            "the record of {:?} has an id ({:?}) that is not its content's (sha256 {:?}); \
             records must come from `ratsindex extract`",
            first.source.path, first.id, first.source.sha256
        ));
    }
    let numbers: Vec<u32> = records
        .iter()
        .map(|r| r.bundle.as_ref().map_or(0, |b| b.part))
        .collect();
    if numbers != (1..=parts).collect::<Vec<u32>>() {
        return Err(format!(
            "a session bundle of {parts} papers, of which the records hold papers {numbers:?}; \
             all of them are needed (run `ratsindex extract` on the file again)"
        ));
    }
    for record in records {
        let part = record.bundle.as_ref().map_or(0, |b| b.part);
        let matches = record.source.sha256 == first.source.sha256
            && record.source.path == first.source.path
            && record.id == part_id(&file_id, part)
            && record.bundle.as_ref().is_some_and(|b| {
                b.bundle_id == file_id && b.parts == parts && b.path == first.source.path
            });
        if !matches {
            return Err(format!(
                "paper {part} of the session bundle {:?} has an id ({:?}), file or bundle \
                 that are not the bundle's (id {file_id:?}); records must come from \
                 `ratsindex extract`",
                first.source.path, record.id
            ));
        }
    }
    Ok(file_id)
}

/// Indexes the records read from `input` (JSON Lines, as `extract`
/// wrote them), with the upsert, duplicate and report semantics of
/// [`super::ingest`]: a session bundle's papers (each its own line) are
/// gathered and applied as the one file they come from. `options.paths`,
/// `prune` and `checksum` do not apply; [`BodyRule::Fixed`] replaces
/// every record's body (the other rules keep it as extracted). Takes the
/// index's writer lock first. An unreadable input ends the run with an
/// error after committing what was read.
pub fn ingest_records(
    index: &RatsIndex,
    input: Box<dyn BufRead + Send>,
    name: &RecordsInput,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<Summary, IngestError> {
    run(index, input, name, options, observer).map_err(|e| match e {
        IngestError::Index(crate::index::IndexError::Tantivy(e)) => {
            IngestError::Index(writer::writer_error(index.dir(), e))
        }
        other => other,
    })
}

fn run(
    index: &RatsIndex,
    mut input: Box<dyn BufRead + Send>,
    name: &RecordsInput,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<Summary, IngestError> {
    let start = Instant::now();
    let (mut writer, catalog) = Writer::open(index, options, start)?;
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let found = AtomicUsize::new(0);
    let read_done = AtomicBool::new(false);
    let bytes = AtomicUsize::new(0);
    let busy = AtomicUsize::new(0);
    let scans = ScanLog::default();
    let read_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let (job_tx, job_rx) = sync_channel::<Job>(1024);
    // `None` once the writer is gone: the reader's sends then fail.
    let job_rx: Mutex<Option<Receiver<Job>>> = Mutex::new(Some(job_rx));
    let (outcome_tx, outcome_rx) = sync_channel::<Outcome>(4 * threads + 4);

    std::thread::scope(|scope| -> Result<(), IngestError> {
        let reader = scope.spawn(|| {
            let mut number = 0;
            let mut gathering = Gathering::default();
            let send = |job: Job| {
                found.fetch_add(1, Ordering::Relaxed);
                job_tx.send(job).is_ok()
            };
            let mut gone = false;
            loop {
                if stopping(options) {
                    break;
                }
                let mut line = Vec::new();
                match input.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        *lock(&read_error) = Some(e);
                        break;
                    }
                }
                number += 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if let Some(job) = gathering.take((number, line)) {
                    if !send(job) {
                        gone = true;
                        break;
                    }
                }
            }
            if !gone && !stopping(options) {
                for job in gathering.rest() {
                    if !send(job) {
                        break;
                    }
                }
            }
            read_done.store(true, Ordering::Release);
            drop(job_tx);
        });
        for _ in 0..threads.max(1) {
            let outcome_tx = outcome_tx.clone();
            let (job_rx, catalog, bytes, busy, scans) = (&job_rx, &catalog, &bytes, &busy, &scans);
            scope.spawn(move || loop {
                let next = match lock(job_rx).as_ref() {
                    Some(jobs) => jobs.recv(),
                    None => break,
                };
                let Ok(job) = next else { break };
                busy.fetch_add(1, Ordering::SeqCst);
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    outcome(&job, name, index, catalog, options, Some(scans))
                }));
                let result = result.unwrap_or_else(|_| {
                    Some((
                        Outcome::Failed(FileError::new(
                            &name.line_path(job[0].0),
                            Stage::Index,
                            "internal error while reading this record",
                        )),
                        0,
                    ))
                });
                busy.fetch_sub(1, Ordering::SeqCst);
                if let Some((outcome, read)) = result {
                    bytes.fetch_add(read as usize, Ordering::Relaxed);
                    if outcome_tx.send(outcome).is_err() {
                        lock(job_rx).take();
                        break;
                    }
                }
            });
        }
        drop(outcome_tx);
        let watch = Parsers { busy: &busy };
        let written = writer.write(
            outcome_rx,
            &|| {
                let done = read_done.load(Ordering::Acquire);
                (found.load(Ordering::Relaxed), done)
            },
            &watch,
            observer,
        );
        // On an error the outcomes' receiver is gone: the workers' sends
        // fail, they drop the jobs' receiver, and so the reader stops.
        let _ = reader.join();
        written
    })?;

    writer.summary.interrupted = stopping(options);
    writer.summary.scans = scans.summary();
    let read = found.load(Ordering::Relaxed);
    if let Some(e) = read_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        writer.finish(read, 0)?;
        return Err(IngestError::Index(crate::index::IndexError::Io {
            context: format!(
                "cannot read the records from {} (the {read} records before are committed)",
                name.name
            ),
            source: e,
        }));
    }
    writer.finish(read, bytes.load(Ordering::Relaxed) as u64)
}

/// The writer's view of the parsing workers: no line is given up (a
/// record is parsed in microseconds), idle when none is being parsed.
struct Parsers<'a> {
    busy: &'a AtomicUsize,
}

impl Watch for Parsers<'_> {
    fn overdue(&self) -> Vec<FileError> {
        Vec::new()
    }

    fn idle(&self) -> bool {
        self.busy.load(Ordering::SeqCst) == 0
    }
}

/// A lock that a panicked holder does not poison for the others.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record line of paper `part` of `parts` of the bundle `id` at
    /// `path` (`parts` 0: no bundle), with `text`.
    fn line(number: usize, id: &str, path: &str, part: u32, parts: u32, text: &str) -> Line {
        let mut record = Record {
            id: part_id(id, part),
            text: text.into(),
            ..Record::default()
        };
        record.source.path = path.into();
        if parts > 0 {
            record.bundle = Some(BundlePart {
                bundle_id: id.into(),
                path: path.into(),
                part,
                parts,
                pages: [part, part],
            });
        }
        (number, serde_json::to_vec(&record).unwrap())
    }

    fn numbers(job: &Job) -> Vec<usize> {
        job.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn a_bundles_papers_are_gathered_wherever_their_lines_are() {
        let mut gathering = Gathering::default();
        // A quoted "bundle" in a text is no key; a title "bundle" is
        // parsed and found to be no part.
        let plain = line(1, "a", "a.txt", 1, 0, "the word \"bundle\": {x}");
        assert!(bundle_part(&plain.1).is_none());
        assert_eq!(gathering.take(plain).map(|j| numbers(&j)), Some(vec![1]));
        // Paper 2 of b before paper 1, another file between them.
        assert!(gathering.take(line(2, "b", "b.pdf", 2, 2, "")).is_none());
        let other = gathering.take(line(3, "c", "c.txt", 1, 0, "")).unwrap();
        assert_eq!(numbers(&other), [3]);
        let b = gathering.take(line(4, "b", "b.pdf", 1, 2, "")).unwrap();
        assert_eq!(numbers(&b), [4, 2], "in the bundle's order");
        // The same bundle at another path is another file; a paper that
        // comes twice lets the first copy go, incomplete.
        assert!(gathering.take(line(5, "b", "copy.pdf", 1, 2, "")).is_none());
        let first = gathering.take(line(6, "b", "copy.pdf", 1, 2, "")).unwrap();
        assert_eq!(numbers(&first), [5]);
        let rest: Vec<Vec<usize>> = gathering.rest().map(|j| numbers(&j)).collect();
        assert_eq!(rest, [vec![6]], "incomplete at the end");
    }

    #[test]
    fn an_incomplete_or_foreign_bundle_is_refused_as_a_whole() {
        let parse_all = |lines: &[Line]| -> Vec<Record> {
            lines
                .iter()
                .map(|(_, l)| serde_json::from_slice(l).unwrap())
                .collect()
        };
        let sha = "ab".repeat(32);
        let id = document_id(&sha);
        let with_sha = |mut records: Vec<Record>| {
            for r in &mut records {
                r.source.sha256 = sha.clone();
            }
            records
        };
        let both = with_sha(parse_all(&[
            line(1, &id, "b.pdf", 1, 2, ""),
            line(2, &id, "b.pdf", 2, 2, ""),
        ]));
        assert_eq!(check_papers(&both), Ok(id.clone()));
        let err = check_papers(&both[..1]).unwrap_err();
        assert!(err.contains("papers [1]"), "{err}");
        let mut foreign = both.clone();
        foreign[1].id = "ffffffffffffffff-2".into();
        assert!(check_papers(&foreign).is_err());
        let mut moved = both;
        moved[1].source.path = "other.pdf".into();
        assert!(check_papers(&moved).is_err());
    }
}
