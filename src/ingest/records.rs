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

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::{stopping, write_outcomes, Catalog, Event, IngestError, IngestOptions, Ledger};
use super::{BodyRule, Outcome, Progress, Summary, Watch};
use crate::error::{FileError, Stage};
use crate::index::document::to_document;
use crate::index::writer::{self, FileStamp, IndexSink, SourceFile};
use crate::index::RatsIndex;
use crate::record::{document_id, Record};
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

/// Turns one line into the outcome a normal ingest would have had for its
/// file; `None` for a blank line. `body` replaces the record's body.
pub fn outcome(
    text: &[u8],
    line: usize,
    input: &RecordsInput,
    index: &RatsIndex,
    catalog: &Catalog,
    options: &IngestOptions,
) -> Option<(Outcome, u64)> {
    let failed = |stage, reason: String| {
        Some((
            Outcome::Failed(FileError::new(&input.line_path(line), stage, reason)),
            0,
        ))
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return failed(Stage::Decode, "the line is not UTF-8".into());
    };
    if text.trim().is_empty() {
        return None;
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
        return Some((Outcome::Failed(FileError::new(&path, stage, error)), 0));
    }
    let mut record: Record = match serde_json::from_str(text) {
        Ok(record) => record,
        Err(e) => return failed(Stage::Decode, format!("not a record: {e}")),
    };
    let file_path = path_from_text(&record.source.path);
    if record.source.path.is_empty() || record.id != document_id(&record.source.sha256) {
        return failed(
            Stage::Index,
            format!(
                "the record of {:?} has no path or an id ({:?}) that is not its content's \
                 (sha256 {:?}); records must come from `ratsindex extract`",
                record.source.path, record.id, record.source.sha256
            ),
        );
    }
    // The stamp `extract --files-from` read; else the file's own, if it is
    // reachable here; else none (a later ingest of the files restamps).
    let stamp: FileStamp = match probe.file {
        Some(key) => key.into(),
        None => std::fs::metadata(&file_path)
            .map(|meta| FileStamp::from_metadata(&meta))
            .unwrap_or_default(),
    };
    let found = SourceFile {
        id: record.id.clone(),
        path: record.source.path.clone(),
        stamp,
    };
    // As [`super::Examiner::examine`] decides, with the content known.
    if !options.full {
        if let Some((known_id, known_stamp)) = catalog.sole_claim(&found.path) {
            if *known_id == found.id {
                let outcome = if *known_stamp == stamp {
                    Outcome::Unchanged { path: found.path }
                } else {
                    Outcome::Restamp(found)
                };
                return Some((outcome, 0));
            }
        }
        if catalog.has_document(&found.id) {
            return Some((Outcome::Content(found, None), stamp.size));
        }
    }
    if let BodyRule::Fixed(name) = &options.body {
        record.body = Some(name.clone());
    }
    match to_document(index, &record) {
        Ok(doc) => Some((Outcome::Content(found, Some(Box::new(doc))), stamp.size)),
        Err(e) => Some((
            Outcome::Failed(FileError::new(&file_path, Stage::Index, e.to_string())),
            0,
        )),
    }
}

/// Indexes the records read from `input` (JSON Lines, as `extract`
/// wrote them), with the upsert, duplicate and report semantics of
/// [`super::ingest`]. `options.paths`, `prune` and `checksum` do not apply;
/// [`BodyRule::Fixed`] replaces every record's body (the other rules keep
/// it as extracted). Takes the index's
/// writer lock first. An unreadable input ends the run with an error after
/// committing what was read.
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
    let mut sink = IndexSink::new(index, options.writer_heap)?;
    let known = writer::source_files(index)?;
    let catalog = Catalog::new(&known);
    let mut ledger = Ledger::new(known, writer::document_ids(index)?);
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let found = AtomicUsize::new(0);
    let read_done = AtomicBool::new(false);
    let bytes = AtomicUsize::new(0);
    let busy = AtomicUsize::new(0);
    let read_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let mut summary = Summary::default();
    let mut progress = Progress::default();
    let (line_tx, line_rx) = sync_channel::<Line>(1024);
    // `None` once the writer is gone: the reader's sends then fail.
    let line_rx: Mutex<Option<Receiver<Line>>> = Mutex::new(Some(line_rx));
    let (outcome_tx, outcome_rx) = sync_channel::<Outcome>(4 * threads + 4);

    std::thread::scope(|scope| -> Result<(), IngestError> {
        let reader = scope.spawn(|| {
            let mut number = 0;
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
                found.fetch_add(1, Ordering::Relaxed);
                if line_tx.send((number, line)).is_err() {
                    break;
                }
            }
            read_done.store(true, Ordering::Release);
            drop(line_tx);
        });
        for _ in 0..threads.max(1) {
            let outcome_tx = outcome_tx.clone();
            let (line_rx, catalog, bytes, busy) = (&line_rx, &catalog, &bytes, &busy);
            scope.spawn(move || loop {
                let next = match lock(line_rx).as_ref() {
                    Some(lines) => lines.recv(),
                    None => break,
                };
                let Ok((number, line)) = next else { break };
                busy.fetch_add(1, Ordering::SeqCst);
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    outcome(&line, number, name, index, catalog, options)
                }));
                let result = result.unwrap_or_else(|_| {
                    Some((
                        Outcome::Failed(FileError::new(
                            &name.line_path(number),
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
                        lock(line_rx).take();
                        break;
                    }
                }
            });
        }
        drop(outcome_tx);
        let watch = Parsers { busy: &busy };
        let written = write_outcomes(
            outcome_rx,
            &mut ledger,
            &mut sink,
            options,
            start,
            &mut progress,
            &mut summary,
            &|| {
                let done = read_done.load(Ordering::Acquire);
                (found.load(Ordering::Relaxed), done)
            },
            &watch,
            observer,
        );
        // On an error the outcomes' receiver is gone: the workers' sends
        // fail, they drop the lines' receiver, and so the reader stops.
        let _ = reader.join();
        written
    })?;

    summary.interrupted = stopping(options);
    sink.commit()?;
    summary.deleted_documents = ledger.finish(index, &mut sink)?;
    sink.finish()?;
    ledger.committed();
    if let Some(e) = read_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(IngestError::Index(crate::index::IndexError::Io {
            context: format!(
                "cannot read the records from {} (the {} records before are committed)",
                name.name,
                found.load(Ordering::Relaxed)
            ),
            source: e,
        }));
    }
    summary.found = found.load(Ordering::Relaxed);
    summary.failures.sort_by(|a, b| a.path.cmp(&b.path));
    summary.failed = summary.failures.len();
    summary.bytes_read = bytes.load(Ordering::Relaxed) as u64;
    summary.documents = crate::index::search::document_count(index)?;
    summary.elapsed_s = start.elapsed().as_secs_f64();
    summary.changes.new.describe(index)?;
    summary.changes.updated.describe(index)?;
    Ok(summary.with_rate())
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
