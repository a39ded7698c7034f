//! What the per-core benchmark examples share: a CPU clock for the
//! measuring thread and the list of papers below some folders.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// CPU time this thread has used: per-core speed even on a busy machine.
/// Linux's `/proc/thread-self/schedstat` (nanoseconds on a CPU); where it
/// is missing, wall-clock time since the first call.
pub fn cpu_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let from_proc = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
    match from_proc {
        Some(ns) => Duration::from_nanos(ns),
        None => START.get_or_init(Instant::now).elapsed(),
    }
}

/// Every document file below `dirs`, as an ingest would find them.
#[allow(dead_code)] // not every benchmark walks folders
pub fn papers_below(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut failures = Vec::new();
    ratsindex::ingest::collect_files(dirs, &mut failures)
}

/// The normalised text of every document below `dirs` that reads.
#[allow(dead_code)] // not every benchmark reads texts up front
pub fn texts_below(dirs: &[PathBuf]) -> Vec<ratsindex::text::Text> {
    papers_below(dirs)
        .iter()
        .filter_map(|p| ratsindex::source::Source::load(p).ok())
        .filter_map(|s| ratsindex::source::read(&s).ok())
        .map(|raw| ratsindex::text::Text::from_pages(&raw.pages))
        .collect()
}

/// The first argument as seconds per measurement, or `default`.
#[allow(dead_code)] // not every benchmark takes a time budget
pub fn seconds_arg(default: f64) -> f64 {
    std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
