//! Where a run's time goes, on stderr, when `RATSINDEX_TIMING` is set
//! (issue 13: the fixed cost of a one-file `extract`). Each line is
//! `timing: AT_MS THREAD STAGE TOOK_MS [WHAT]`, AT_MS counted from the
//! first timed stage (the rules' loading, right after the command line is
//! read). Off, a stage costs one check of a flag.

use std::sync::OnceLock;
use std::time::Instant;

/// The first timed moment, if timing is on.
fn origin() -> Option<Instant> {
    static ORIGIN: OnceLock<Option<Instant>> = OnceLock::new();
    *ORIGIN.get_or_init(|| std::env::var_os("RATSINDEX_TIMING").map(|_| Instant::now()))
}

/// A running stage: `Some(start)` when timing is on.
pub fn start() -> Option<Instant> {
    origin().map(|_| Instant::now())
}

/// Prints that `stage` (and `what`, e.g. a pattern's first characters)
/// took from `started` (from [`start`]) until now.
pub fn done(started: Option<Instant>, stage: &str, what: &str) {
    let (Some(started), Some(origin)) = (started, origin()) else {
        return;
    };
    let now = Instant::now();
    let thread = std::thread::current();
    let what: String = what.chars().take(60).collect::<String>().replace('\n', " ");
    eprintln!(
        "timing: {:8.2} {:<16} {:<10} {:7.3} {}",
        now.duration_since(origin).as_secs_f64() * 1e3,
        thread.name().unwrap_or("-"),
        stage,
        now.duration_since(started).as_secs_f64() * 1e3,
        what
    );
}
