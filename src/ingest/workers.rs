//! Stage 2's threads: they take files from the walk, examine them
//! ([`Examiner`]) and send each [`Outcome`] to the writer, every file under
//! the per-document time budget.
//!
//! Rust cannot stop a thread, so a file over the budget is *given up*: the
//! writer reports it as failed ([`Workers::overdue`]) and starts a fresh
//! worker in its place, and the old thread drops its outcome when the file
//! is done. At most as many given-up threads as there are workers run at
//! once (so a corpus of slow files cannot start threads without end); a
//! given-up thread that finishes while a place is free works on.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::{Catalog, Examiner, Found, IngestOptions, Outcome};
use crate::error::{FileError, Stage};
use crate::index::RatsIndex;
use crate::pipeline::Pipeline;
use crate::source::ocr::clock::OcrClock;

/// What every worker reads; owned, so that a given-up thread may outlive
/// the run.
pub(super) struct Context {
    pub index: RatsIndex,
    pub pipeline: Pipeline,
    pub catalog: Catalog,
    pub options: IngestOptions,
    pub bytes_read: AtomicUsize,
    pub scans: super::scans::ScanLog,
}

/// The worker threads of one run.
pub(super) struct Workers {
    shared: Arc<Shared>,
    outcomes: SyncSender<Outcome>,
}

struct Shared {
    context: Context,
    /// `None` once closed.
    queue: Mutex<Option<Receiver<Found>>>,
    /// Files being examined, by token: path and start.
    /// Files being examined: since when, and their OCR time (which the
    /// budget does not count).
    busy: Mutex<HashMap<u64, (PathBuf, Instant, OcrClock)>>,
    next_token: AtomicU64,
    /// Workers taking files (not given up).
    live: AtomicUsize,
    /// Given-up threads still running.
    given_up: AtomicUsize,
    /// How many workers should take files.
    threads: usize,
}

impl Workers {
    /// Starts `threads` workers on `queue`.
    pub fn start(
        context: Context,
        queue: Receiver<Found>,
        outcomes: SyncSender<Outcome>,
        threads: usize,
    ) -> std::io::Result<Workers> {
        let workers = Workers {
            shared: Arc::new(Shared {
                context,
                queue: Mutex::new(Some(queue)),
                busy: Mutex::new(HashMap::new()),
                next_token: AtomicU64::new(0),
                live: AtomicUsize::new(0),
                given_up: AtomicUsize::new(0),
                threads: threads.max(1),
            }),
            outcomes,
        };
        for _ in 0..workers.shared.threads {
            workers.spawn()?;
        }
        Ok(workers)
    }

    /// Bytes read so far by all workers.
    pub fn bytes_read(&self) -> usize {
        self.shared.context.bytes_read.load(Ordering::Relaxed)
    }

    /// The scans and bundles the workers noted so far.
    pub fn scans(&self) -> super::scans::ScanSummary {
        self.shared.context.scans.summary()
    }

    /// Takes no more files: the walk's sends fail, so it stops.
    pub fn close(&self) {
        lock(&self.shared.queue).take();
    }

    /// Whether no file is being examined right now.
    pub fn idle(&self) -> bool {
        lock(&self.shared.busy).is_empty()
    }

    /// Gives up the files examined for longer than `budget`: returns their
    /// failures and starts workers in their places.
    pub fn overdue(&self, budget: Duration) -> Vec<FileError> {
        let now = Instant::now();
        let late: Vec<(u64, PathBuf)> = lock(&self.shared.busy)
            .iter()
            .filter(|(_, (_, since, ocr))| {
                now.duration_since(*since).saturating_sub(ocr.elapsed()) > budget
            })
            .map(|(token, (path, _, _))| (*token, path.clone()))
            .collect();
        let mut failures = Vec::new();
        for (token, path) in late {
            if lock(&self.shared.busy).remove(&token).is_none() {
                continue;
            }
            self.shared.live.fetch_sub(1, Ordering::SeqCst);
            self.shared.given_up.fetch_add(1, Ordering::SeqCst);
            failures.push(crate::pipeline::over_budget(&path, budget));
            if self.shared.given_up.load(Ordering::SeqCst) <= self.shared.threads {
                // A spawn that fails leaves fewer workers, not a stop.
                let _ = self.spawn();
            }
        }
        failures
    }

    fn spawn(&self) -> std::io::Result<()> {
        let shared = Arc::clone(&self.shared);
        let outcomes = self.outcomes.clone();
        shared.live.fetch_add(1, Ordering::SeqCst);
        let n = shared.next_token.load(Ordering::Relaxed);
        let spawned = std::thread::Builder::new()
            .name(format!("ratsindex-ingest-{n}"))
            .spawn(move || work(&shared, &outcomes));
        if spawned.is_err() {
            self.shared.live.fetch_sub(1, Ordering::SeqCst);
        }
        spawned.map(|_| ())
    }
}

/// One worker: examines files until the queue closes, the writer stops or
/// a stop is requested.
fn work(shared: &Shared, outcomes: &SyncSender<Outcome>) {
    // Each worker extracts with its own copy of the pipeline: a regex
    // serves the thread that first used it from its own cache and every
    // other thread through a shared pool.
    let pipeline = shared.context.pipeline.clone();
    let context = &shared.context;
    let examiner = Examiner {
        index: &context.index,
        pipeline: &pipeline,
        catalog: &context.catalog,
        options: &context.options,
        bytes_read: &context.bytes_read,
        scans: Some(&context.scans),
    };
    loop {
        let file = match lock(&shared.queue).as_ref().map(Receiver::recv) {
            Some(Ok(file)) => file,
            _ => break,
        };
        if super::stopping(&context.options) {
            break;
        }
        let token = shared.next_token.fetch_add(1, Ordering::Relaxed);
        let clock = OcrClock::new();
        lock(&shared.busy).insert(token, (file.path.clone(), Instant::now(), clock.clone()));
        let path = file.path.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| clock.run(|| examiner.examine(file))))
            .unwrap_or_else(|_| {
                Outcome::Failed(FileError::new(
                    &path,
                    Stage::Read,
                    "internal error while examining this file",
                ))
            });
        if lock(&shared.busy).remove(&token).is_none() {
            // Given up while it ran: its failure is reported; work on only
            // if a place is free.
            shared.given_up.fetch_sub(1, Ordering::SeqCst);
            let rejoined = shared
                .live
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |live| {
                    (live < shared.threads).then_some(live + 1)
                })
                .is_ok();
            if rejoined {
                continue;
            }
            return;
        }
        if outcomes.send(outcome).is_err() {
            break;
        }
    }
    shared.live.fetch_sub(1, Ordering::SeqCst);
}

/// A lock that a panicked holder does not poison for the others (the data
/// are plain maps and a receiver).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
