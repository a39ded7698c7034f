//! Bulk imports and nightly runs: many files into the index, in parallel,
//! incrementally, with bounded memory, and safe to kill at any moment.
//!
//! Three stages connected by bounded channels, so memory stays flat
//! however many files there are:
//!
//! 1. one thread walks the given paths ([`walk`]);
//! 2. the rayon pool examines each file ([`examine`]): a size and
//!    modification time equal to what the index recorded means unchanged
//!    (the file is not even opened); otherwise it is read and hashed, and
//!    extracted only if its content is not in the index yet;
//! 3. the calling thread owns the one [`IndexSink`] and applies each
//!    [`Outcome`] through the [`Ledger`], committing every
//!    [`IngestOptions::commit_docs`] documents or
//!    [`IngestOptions::commit_interval`], whichever comes first.
//!
//! A commit is atomic, so a killed run leaves the index as of its last
//! commit; the next run finds those files unchanged and does the rest.
//! The identity rule (same bytes = one document) is described in
//! [`ledger`].

pub mod bodies;
pub mod changes;
pub mod ledger;
pub mod rebuild;
pub mod records;
pub mod scans;
pub mod sources;
pub mod walk;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::error::{FileError, Stage};
use crate::index::document::to_document;
use crate::index::writer::{self, FileStamp, IndexSink, SourceFile, DEFAULT_WRITER_HEAP};
use crate::index::{IndexError, RatsIndex};
use crate::pipeline::Pipeline;
use crate::record::document_id;
use crate::source::Source;

pub use bodies::{Bodies, BodiesError};
pub use ledger::{Catalog, Counted, Ledger, Outcome, Vanished};
pub use rebuild::rebuild;
pub use walk::{BodyRule, Found, Warning};
use workers::Workers;

/// What to ingest and how.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    /// Where each record's body comes from.
    pub body: BodyRule,
    /// Aliases of bodies mapped to one name (`--bodies FILE`), applied to
    /// every record's body, whatever its source.
    pub bodies: Bodies,
    /// Delete documents whose files below `paths` are gone.
    pub prune: bool,
    /// The largest share (0–1) of a given path's known files that a prune
    /// may remove; more is refused (see [`check_prune`]).
    pub prune_max: f64,
    /// Prune whatever the share, also below an empty folder.
    pub force: bool,
    /// Read and extract every file again, even unchanged ones (after a
    /// change of rules or of the body rule).
    pub full: bool,
    /// Hash files even when size and modification time are unchanged.
    pub checksum: bool,
    /// Commit after this many written documents.
    pub commit_docs: usize,
    /// Commit at least this often while writing.
    pub commit_interval: Duration,
    /// Memory budget of the index writer, bytes.
    pub writer_heap: usize,
    /// Worker threads for reading and extraction (0: one per core).
    pub threads: usize,
    /// The most time one file may take to read and extract (`None` or
    /// zero: no limit). A file over it is reported as failed and the run
    /// goes on (see [`workers`]).
    pub time_budget: Option<Duration>,
    /// When set (by a signal handler), the run stops taking files,
    /// applies and commits what the workers finished, and returns with
    /// [`Summary::interrupted`]; no prune is done.
    pub stop: Option<&'static AtomicBool>,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            paths: Vec::new(),
            body: BodyRule::FromText,
            bodies: Bodies::default(),
            prune: false,
            prune_max: DEFAULT_PRUNE_MAX,
            force: false,
            full: false,
            checksum: false,
            commit_docs: 50_000,
            commit_interval: Duration::from_secs(60),
            writer_heap: DEFAULT_WRITER_HEAP,
            threads: 0,
            time_budget: Some(DEFAULT_TIME_BUDGET),
            stop: None,
        }
    }
}

/// The default time budget per file.
pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(60);

/// The default largest share of a given path's files a prune may remove.
pub const DEFAULT_PRUNE_MAX: f64 = 0.5;

/// Why a run could not be done at all (per-file problems are not errors,
/// they are [`Summary::failures`]).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A given path does not exist: refuse rather than prune everything
    /// below it.
    #[error("{0}: no such file or directory")]
    NoSuchPath(PathBuf),
    /// `--prune` would remove what looks like a missing disk rather than
    /// deleted files; nothing was written.
    #[error("{}: refusing to prune: {reason}", root.display())]
    PruneRefused {
        /// The given path.
        root: PathBuf,
        /// Why, and what to give to prune anyway.
        reason: String,
    },
    /// The index could not be opened, locked or written.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// `--rebuild` could not be done; the index is as it was, or empty
    /// with its list of sources kept (running it again goes on).
    #[error("cannot rebuild the index at {}: {reason}", index.display())]
    Rebuild {
        /// The index directory.
        index: PathBuf,
        /// Why.
        reason: String,
    },
    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// The outcome of an ingest run (also the `--report` JSON).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Document files found.
    pub found: usize,
    /// Files with content new to the index.
    pub new: usize,
    /// Known files whose content changed (their document was replaced).
    pub updated: usize,
    /// Known files with the same content (skipped).
    pub unchanged: usize,
    /// New paths of content already in the index (one document, one more
    /// path).
    pub duplicates: usize,
    /// Files that failed.
    pub failed: usize,
    /// Vanished files dropped by `--prune`.
    pub removed: usize,
    /// Documents deleted because no file holds their content any more.
    pub deleted_documents: usize,
    /// Files skipped because their names are not document names.
    pub ignored: usize,
    /// Documents in the index at the end.
    pub documents: u64,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Files read and extracted per second (`files_read` / `elapsed_s`;
    /// unchanged files are not counted).
    pub docs_per_s: f64,
    /// Total size of the files read, bytes.
    pub bytes_read: u64,
    /// Files read and extracted (new and updated): what `docs_per_s`
    /// counts, so that a run with nothing to do reports no rate.
    pub files_read: usize,
    /// The papers that are new, updated or removed (see [`changes`]).
    pub changes: changes::Changes,
    /// One entry per failed file.
    pub failures: Vec<FileError>,
    /// Link loops and dangling links met while walking.
    pub warnings: Vec<Warning>,
    /// Whether the run was stopped early (Ctrl-C, SIGTERM); what it did
    /// is committed.
    pub interrupted: bool,
    /// Why the run could not go on (a full disk, a damaged index), when
    /// it ended with an error; the counts are then those of the files
    /// handled before it, of which what was committed is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Scanned files read by OCR or needing it, and session bundles split
    /// into papers, among the files extracted in this run.
    pub scans: scans::ScanSummary,
}

impl Summary {
    /// What a run that ended with `error` had done, from its last
    /// progress and the failures it reported.
    pub fn stopped_by(error: &str, progress: &Progress, failures: Vec<FileError>) -> Summary {
        let secs = progress.elapsed.as_secs_f64();
        Summary {
            found: progress.found,
            new: progress.new,
            updated: progress.updated,
            unchanged: progress.unchanged,
            duplicates: progress.duplicates,
            failed: progress.failed,
            documents: progress.committed as u64,
            elapsed_s: secs,
            failures,
            error: Some(error.to_string()),
            ..Summary::default()
        }
        .with_rate()
    }

    /// Sets `files_read` and `docs_per_s` from the counts and the time.
    pub fn with_rate(mut self) -> Summary {
        self.files_read = self.new + self.updated;
        self.docs_per_s = if self.elapsed_s > 0.0 {
            self.files_read as f64 / self.elapsed_s
        } else {
            0.0
        };
        self
    }
}

/// How far a run is, for progress displays.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// Document files found so far.
    pub found: usize,
    /// Whether the walk is over (then `found` is final).
    pub walk_done: bool,
    /// Files handled so far.
    pub done: usize,
    /// Of those: new, updated, unchanged, duplicates, failed.
    pub new: usize,
    /// See [`Summary::updated`].
    pub updated: usize,
    /// See [`Summary::unchanged`].
    pub unchanged: usize,
    /// See [`Summary::duplicates`].
    pub duplicates: usize,
    /// See [`Summary::failed`].
    pub failed: usize,
    /// Documents made durable so far.
    pub committed: usize,
    /// Since the start.
    pub elapsed: Duration,
}

/// What a run tells its observer.
#[derive(Debug)]
pub enum Event<'a> {
    /// A file was handled.
    Progress(&'a Progress),
    /// A commit finished.
    Committed(&'a Progress),
    /// A file failed.
    Failed(&'a FileError),
}

/// Expands the given paths into document files (directories recursively,
/// as [`walk::walk`] does), for commands that read files without an index.
pub fn collect_files(paths: &[PathBuf], failures: &mut Vec<FileError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let report = walk::walk(paths, &BodyRule::FromText, |found| {
        files.push(found.path);
        true
    });
    failures.extend(report.failures);
    files
}

/// Runs the pipeline over all files and writes what changed.
///
/// Takes the index's writer lock first: a second concurrent run gets
/// [`IndexError::Locked`] before doing anything.
pub fn ingest(
    index: &RatsIndex,
    pipeline: &Pipeline,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<Summary, IngestError> {
    run(index, pipeline, options, observer).map_err(|e| match e {
        // Whatever wrote it, a full disk is said so, with the index path.
        IngestError::Index(IndexError::Tantivy(e)) => {
            IngestError::Index(writer::writer_error(index.dir(), e))
        }
        other => other,
    })
}

/// [`ingest`], with tantivy's errors as they come.
fn run(
    index: &RatsIndex,
    pipeline: &Pipeline,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<Summary, IngestError> {
    let start = Instant::now();
    for path in &options.paths {
        if std::fs::metadata(path).is_err() {
            return Err(IngestError::NoSuchPath(path.clone()));
        }
    }
    // `archive`, `./archive` and `archive/` name the same files.
    let roots: Vec<PathBuf> = options.paths.iter().map(|p| walk::tidy(p)).collect();
    let (mut writer, catalog) = Writer::open(index, options, start)?;
    // Before anything is written: what a rebuild would read again.
    let reading = sources::Reading {
        kind: sources::Kind::Files,
        bodies: options.bodies.file().map(Path::to_path_buf),
    };
    sources::record(index.dir(), &roots, &options.body, &reading)?;
    // Decided before anything is written, so a refused run changes nothing.
    let vanished = if options.prune {
        let plan = writer.ledger.vanished(&roots);
        check_prune(&plan, options)?;
        plan
    } else {
        Vec::new()
    };
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let found = AtomicUsize::new(0);
    let walk_done = AtomicBool::new(false);
    let ocr_pages_before = crate::source::ocr::engine::pages_read();

    let (file_tx, file_rx) = sync_channel::<Found>(1024);
    let (outcome_tx, outcome_rx) = sync_channel::<Outcome>(4 * threads + 4);
    let context = workers::Context {
        index: index.clone(),
        pipeline: pipeline.clone(),
        catalog,
        options: options.clone(),
        bytes_read: AtomicUsize::new(0),
        scans: scans::ScanLog::default(),
    };
    let workers = Workers::start(context, file_rx, outcome_tx, threads)
        .map_err(|e| IngestError::Threads(e.to_string()))?;
    let watch = WorkerWatch {
        workers: &workers,
        budget: options.time_budget.filter(|b| !b.is_zero()),
    };
    let walk_report = std::thread::scope(|scope| -> Result<walk::WalkReport, IngestError> {
        let walker = scope.spawn(|| {
            let report = walk::walk(&roots, &options.body, |file| {
                if stopping(options) {
                    return false;
                }
                found.fetch_add(1, Ordering::Relaxed);
                file_tx.send(file).is_ok()
            });
            walk_done.store(true, Ordering::Release);
            drop(file_tx);
            report
        });
        let written = writer.write(
            outcome_rx,
            &|| {
                // Done first: `found` is final once it is set.
                let done = walk_done.load(Ordering::Acquire);
                (found.load(Ordering::Relaxed), done)
            },
            &watch,
            observer,
        );
        if written.is_err() {
            // The walker may wait on a full queue: make its send fail.
            workers.close();
        }
        let report = walker
            .join()
            .map_err(|_| IngestError::Threads("the directory walker panicked".into()))?;
        written?;
        Ok(report)
    })?;
    let bytes_read = workers.bytes_read();
    let mut summary = std::mem::take(&mut writer.summary);
    summary.scans = workers.scans();
    summary.scans.ocr_pages_run =
        crate::source::ocr::engine::pages_read().saturating_sub(ocr_pages_before);
    drop(workers);

    // A stopped run has not met every file: prune only after a whole one.
    summary.interrupted = stopping(options);
    if !summary.interrupted {
        let ledger = &mut writer.ledger;
        for plan in &vanished {
            let claims: Vec<(&String, Vec<String>)> = plan
                .gone
                .iter()
                .map(|path| (path, ledger.claims_of(path)))
                .collect();
            summary.removed += ledger.prune(&plan.gone);
            for (path, ids) in claims {
                if ledger.claims_of(path).is_empty() {
                    for id in ids {
                        summary.changes.removed.push(path.clone(), id);
                    }
                }
            }
        }
    }
    summary.ignored = walk_report.ignored;
    summary.warnings = walk_report.warnings;
    for failure in walk_report.failures {
        observer(Event::Failed(&failure));
        summary.failures.push(failure);
    }
    writer.summary = summary;
    writer.finish(found.load(Ordering::Relaxed), bytes_read as u64)
}

/// Stage 3's state for one run, the same for files and for records: the
/// one [`IndexSink`], the [`Ledger`] and the counts.
pub(crate) struct Writer<'a> {
    index: &'a RatsIndex,
    options: &'a IngestOptions,
    sink: IndexSink,
    pub(crate) ledger: Ledger,
    pub(crate) summary: Summary,
    progress: Progress,
    start: Instant,
}

impl<'a> Writer<'a> {
    /// Takes the index's writer lock and reads its files: the writer, and
    /// the snapshot of them the workers decide by.
    pub(crate) fn open(
        index: &'a RatsIndex,
        options: &'a IngestOptions,
        start: Instant,
    ) -> Result<(Writer<'a>, Catalog), IngestError> {
        let sink = IndexSink::new(index, options.writer_heap)?;
        let known = writer::source_files(index)?;
        let catalog = Catalog::new(&known);
        let ledger = Ledger::new(known, writer::document_ids(index)?);
        let writer = Writer {
            index,
            options,
            sink,
            ledger,
            summary: Summary::default(),
            progress: Progress::default(),
            start,
        };
        Ok((writer, catalog))
    }

    /// Applies the outcomes as they come ([`write_outcomes`]).
    pub(crate) fn write(
        &mut self,
        outcomes: std::sync::mpsc::Receiver<Outcome>,
        walk_state: &dyn Fn() -> (usize, bool),
        watch: &dyn Watch,
        observer: &mut dyn FnMut(Event),
    ) -> Result<(), IngestError> {
        write_outcomes(
            outcomes,
            &mut self.ledger,
            &mut self.sink,
            self.options,
            self.start,
            &mut self.progress,
            &mut self.summary,
            walk_state,
            watch,
            observer,
        )
    }

    /// Commits, deletes the documents no file holds any more and ends the
    /// summary: `found` inputs, `bytes_read` bytes of them read.
    pub(crate) fn finish(mut self, found: usize, bytes_read: u64) -> Result<Summary, IngestError> {
        let index = self.index;
        self.sink.commit()?;
        // Their records are still there until `finish` deletes them.
        self.summary.changes.removed.describe(index)?;
        self.summary.deleted_documents = self.ledger.finish(index, &mut self.sink)?;
        self.sink.finish()?;
        self.ledger.committed();
        let mut summary = self.summary;
        summary.found = found;
        summary.failures.sort_by(|a, b| a.path.cmp(&b.path));
        summary.failed = summary.failures.len();
        summary.bytes_read = bytes_read;
        summary.documents = crate::index::search::document_count(index)?;
        summary.elapsed_s = self.start.elapsed().as_secs_f64();
        summary.changes.new.describe(index)?;
        summary.changes.updated.describe(index)?;
        Ok(summary.with_rate())
    }
}

/// Whether a stop was requested.
fn stopping(options: &IngestOptions) -> bool {
    options
        .stop
        .is_some_and(|stop| stop.load(Ordering::Relaxed))
}

/// Refuses a prune that looks like a disk that is not mounted rather than
/// deleted files: below an empty folder, or of more than
/// [`IngestOptions::prune_max`] of the files known below a given path.
/// `--force` lets both through.
pub fn check_prune(plan: &[Vanished], options: &IngestOptions) -> Result<(), IngestError> {
    if options.force {
        return Ok(());
    }
    for vanished in plan {
        let gone = vanished.gone.len();
        if gone == 0 {
            continue;
        }
        let empty = std::fs::read_dir(&vanished.root).is_ok_and(|mut dir| dir.next().is_none());
        let reason = if empty {
            format!(
                "the folder is empty, so all {} files indexed below it would be removed \
                 (is a disk not mounted?); give --force to prune anyway",
                vanished.known
            )
        } else if gone as f64 > options.prune_max * vanished.known as f64 {
            format!(
                "{gone} of the {} files indexed below it are gone ({:.0}%, more than \
                 --prune-max {:.0}%); check that nothing is missing, then give --force \
                 or a higher --prune-max",
                vanished.known,
                100.0 * gone as f64 / vanished.known as f64,
                100.0 * options.prune_max
            )
        } else {
            continue;
        };
        return Err(IngestError::PruneRefused {
            root: vanished.root.clone(),
            reason,
        });
    }
    Ok(())
}

/// How often the writer looks at the clock while no outcome arrives (for
/// the end of the run, overdue files and a stop request).
const TICK: Duration = Duration::from_millis(50);

/// What the writer asks the workers: files over the time budget (given up
/// and returned as failures), and whether none is being examined.
pub(crate) trait Watch {
    /// Gives up the files over the budget.
    fn overdue(&self) -> Vec<FileError>;
    /// Whether no file is being examined.
    fn idle(&self) -> bool;
}

/// The writer loop: applies outcomes in arrival order and commits at the
/// bounded interval, also while no outcome arrives. Ends when every file
/// the walk found has its outcome (or was given up), when the workers are
/// gone, or, after a stop request, when none is busy any more.
#[allow(clippy::too_many_arguments)]
fn write_outcomes(
    outcomes: std::sync::mpsc::Receiver<Outcome>,
    ledger: &mut Ledger,
    sink: &mut IndexSink,
    options: &IngestOptions,
    start: Instant,
    progress: &mut Progress,
    summary: &mut Summary,
    walk_state: &dyn Fn() -> (usize, bool),
    watch: &dyn Watch,
    observer: &mut dyn FnMut(Event),
) -> Result<(), IngestError> {
    let mut last_commit = Instant::now();
    loop {
        // Wait no longer than the next commit is due: a worker busy with
        // one slow file must not hold back what the others finished.
        let due_in = options
            .commit_interval
            .saturating_sub(last_commit.elapsed());
        let wait = if ledger.pending() == 0 {
            TICK
        } else {
            due_in.min(TICK)
        };
        let received = match outcomes.recv_timeout(wait) {
            Ok(outcome) => Some(outcome),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let waited = received.is_none();
        let given_up = watch.overdue().into_iter().map(Outcome::Failed);
        for outcome in received.into_iter().chain(given_up) {
            apply(outcome, ledger, sink, progress, summary, observer)?;
        }
        (progress.found, progress.walk_done) = walk_state();
        progress.elapsed = start.elapsed();
        let due = ledger.pending() >= options.commit_docs.max(1)
            || (ledger.pending() > 0 && last_commit.elapsed() >= options.commit_interval);
        if due {
            commit(sink, ledger, progress, observer)?;
            last_commit = Instant::now();
        }
        if !waited {
            observer(Event::Progress(progress));
        }
        let all_done = progress.walk_done && progress.done >= progress.found;
        if all_done || (waited && stopping(options) && watch.idle()) {
            break;
        }
    }
    Ok(())
}

/// Applies one outcome through the ledger and counts it.
fn apply(
    outcome: Outcome,
    ledger: &mut Ledger,
    sink: &mut IndexSink,
    progress: &mut Progress,
    summary: &mut Summary,
    observer: &mut dyn FnMut(Event),
) -> Result<(), IngestError> {
    let failure = match &outcome {
        Outcome::Failed(err) => Some(err.clone()),
        _ => None,
    };
    let content = match &outcome {
        // A bundle is listed by its file's (first paper's) id.
        Outcome::Content(file, _) | Outcome::Bundle(file, _) => {
            Some((file.path.clone(), file.id.clone()))
        }
        _ => None,
    };
    match ledger.apply(outcome, sink)? {
        Counted::New => {
            summary.new += 1;
            if let Some((path, id)) = content {
                summary.changes.new.push(path, id);
            }
        }
        Counted::Updated => {
            summary.updated += 1;
            if let Some((path, id)) = content {
                summary.changes.updated.push(path, id);
            }
        }
        Counted::Unchanged => summary.unchanged += 1,
        Counted::Duplicate => summary.duplicates += 1,
        Counted::Failed => {}
    }
    if let Some(failure) = failure {
        observer(Event::Failed(&failure));
        summary.failures.push(failure);
    }
    progress.done += 1;
    progress.new = summary.new;
    progress.updated = summary.updated;
    progress.unchanged = summary.unchanged;
    progress.duplicates = summary.duplicates;
    progress.failed = summary.failures.len();
    Ok(())
}

/// The writer's view of the worker threads.
struct WorkerWatch<'a> {
    workers: &'a Workers,
    budget: Option<Duration>,
}

impl Watch for WorkerWatch<'_> {
    fn overdue(&self) -> Vec<FileError> {
        self.budget
            .map(|budget| self.workers.overdue(budget))
            .unwrap_or_default()
    }

    fn idle(&self) -> bool {
        self.workers.idle()
    }
}

/// Commits what the ledger has pending and tells the observer.
fn commit(
    sink: &mut IndexSink,
    ledger: &mut Ledger,
    progress: &mut Progress,
    observer: &mut dyn FnMut(Event),
) -> Result<(), IngestError> {
    sink.commit()?;
    progress.committed += ledger.pending();
    ledger.committed();
    observer(Event::Committed(progress));
    Ok(())
}

/// Stage 2: what each worker needs to examine a file.
#[derive(Clone, Copy)]
struct Examiner<'a> {
    index: &'a RatsIndex,
    pipeline: &'a Pipeline,
    catalog: &'a Catalog,
    options: &'a IngestOptions,
    bytes_read: &'a AtomicUsize,
    /// Where scans and bundles met are noted for the summary.
    scans: Option<&'a scans::ScanLog>,
}

impl Examiner<'_> {
    /// Decides what to do with one file, reading and extracting it only if
    /// needed.
    fn examine(&self, file: Found) -> Outcome {
        let key = crate::source::path_text(&file.path);
        let stamp = match std::fs::metadata(&file.path) {
            Ok(meta) => FileStamp::from_metadata(&meta),
            Err(e) => {
                return Outcome::Failed(FileError::new(&file.path, Stage::Read, e.to_string()))
            }
        };
        let incremental = !self.options.full;
        let known = self.catalog.sole_claim(&key);
        if incremental && !self.options.checksum {
            if let Some((_, known_stamp)) = known {
                if *known_stamp == stamp {
                    return Outcome::Unchanged { path: key };
                }
            }
        }
        let source = match Source::load(&file.path) {
            Ok(source) => source,
            Err(e) => return Outcome::Failed(e),
        };
        self.bytes_read
            .fetch_add(source.bytes.len(), Ordering::Relaxed);
        let found = SourceFile {
            id: document_id(&source.sha256),
            path: key,
            stamp,
        };
        let found = if incremental {
            match self.catalog.settle(found) {
                Ok(outcome) => return outcome,
                Err(found) => found,
            }
        } else {
            found
        };
        let records = match self
            .pipeline
            .process_source_all(&source, file.body.as_deref())
        {
            Ok(records) => records,
            Err(e) => return Outcome::Failed(e),
        };
        drop(source);
        extracted(
            self.index,
            found,
            &file.path,
            records,
            self.options,
            self.scans,
        )
    }
}

/// The outcome of a file whose papers were extracted (`records`, one for
/// a file that is one paper, several for a session bundle): their bodies
/// mapped through [`IngestOptions::bodies`] (and set to a
/// [`BodyRule::Fixed`] name, which a worker's pipeline has already
/// done), noted in `scans`, made into documents: [`Outcome::Content`] or
/// [`Outcome::Bundle`]. The one place where a normal ingest and
/// `ingest --records` turn records into what the writer applies.
pub(crate) fn extracted(
    index: &RatsIndex,
    found: SourceFile,
    path: &Path,
    mut records: Vec<crate::record::Record>,
    options: &IngestOptions,
    scans: Option<&scans::ScanLog>,
) -> Outcome {
    for record in &mut records {
        if let BodyRule::Fixed(name) = &options.body {
            record.body = Some(name.clone());
        }
        if let Some(body) = &record.body {
            record.body = Some(options.bodies.resolve(body));
        }
    }
    if let Some(log) = scans {
        log.note(path, &records);
    }
    let mut docs = Vec::with_capacity(records.len());
    for record in &records {
        match to_document(index, record) {
            Ok(doc) => docs.push((record.id.clone(), doc)),
            Err(e) => return Outcome::Failed(FileError::new(path, Stage::Index, e.to_string())),
        }
    }
    match docs.len() {
        0 => Outcome::Failed(FileError::new(path, Stage::Extract, "no paper found")),
        1 => {
            let (_, doc) = docs.swap_remove(0);
            Outcome::Content(found, Some(Box::new(doc)))
        }
        _ => Outcome::Bundle(found, docs),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::record::Record;

    struct NoWatch;

    impl Watch for NoWatch {
        fn overdue(&self) -> Vec<FileError> {
            Vec::new()
        }

        fn idle(&self) -> bool {
            true
        }
    }

    #[test]
    fn the_writer_commits_on_the_interval_while_a_worker_is_busy() {
        // See: issue 19, item 2: one slow file held back every commit.
        let dir = tempfile::tempdir().unwrap();
        let index = RatsIndex::open_or_create(dir.path()).unwrap();
        let mut sink = IndexSink::new(&index, 15_000_000).unwrap();
        let mut ledger = Ledger::new(Vec::new(), HashSet::new());
        let options = IngestOptions {
            commit_interval: Duration::from_millis(200),
            ..IngestOptions::default()
        };
        let (tx, rx) = sync_channel::<Outcome>(8);
        for n in 0..3 {
            let id = format!("{n:016x}");
            let record = Record {
                id: id.clone(),
                text: "Radweg".into(),
                ..Record::default()
            };
            let doc = to_document(&index, &record).unwrap();
            let file = SourceFile {
                id,
                path: format!("{n}.txt"),
                stamp: FileStamp::default(),
            };
            tx.send(Outcome::Content(file, Some(Box::new(doc))))
                .unwrap();
        }
        let (committed_tx, committed_rx) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let (mut progress, mut summary) = (Progress::default(), Summary::default());
                write_outcomes(
                    rx,
                    &mut ledger,
                    &mut sink,
                    &options,
                    Instant::now(),
                    &mut progress,
                    &mut summary,
                    // A fourth file is still being examined.
                    &|| (4, true),
                    &NoWatch,
                    &mut |event| {
                        if let Event::Committed(p) = event {
                            let _ = committed_tx.send(p.committed);
                        }
                    },
                )
            });
            // The sender stays open, as a worker still busy with a file
            // keeps it: the three documents are committed anyway.
            let committed = committed_rx.recv_timeout(Duration::from_secs(20));
            drop(tx);
            writer.join().unwrap().unwrap();
            assert_eq!(committed, Ok(3));
        });
        assert_eq!(crate::index::search::document_count(&index).unwrap(), 3);
    }
}
