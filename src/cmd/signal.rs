//! Ctrl-C and SIGTERM during an ingest: the first asks the run to stop
//! (it finishes the files in hand, commits, writes the report and exits
//! 130); a second ends the process at once.
//!
//! The handler only flips an atomic flag or calls `_exit`, both safe to
//! do inside a signal handler; the ingest polls the flag.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first SIGINT or SIGTERM.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// The exit code of a run ended by a signal (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;

extern "C" fn on_signal(_: libc::c_int) {
    if STOP.swap(true, Ordering::SeqCst) {
        // SAFETY: `_exit` is async-signal-safe; a second signal means
        // "now", with no cleanup.
        unsafe { libc::_exit(i32::from(INTERRUPTED)) };
    }
}

/// Installs the handler for SIGINT and SIGTERM; returns the flag.
pub fn install() -> &'static AtomicBool {
    #[cfg(unix)]
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler has the signature `signal` expects and only
        // touches an atomic and `_exit`.
        unsafe {
            libc::signal(
                signal,
                on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }
    &STOP
}
