//! Shared pieces of the fuzz targets (one binary per reader in `src/bin/`).
//!
//! What counts as a crash: every panic that escapes the function under
//! test, plus every panic raised in ratsindex's own code even where the
//! library catches it (the PDF reader catches panics so that a bad file is
//! a per-file error; a panic of ours inside it is still a bug). Panics
//! raised inside dependencies and caught by the library (lopdf on a broken
//! file) are the designed behaviour and do not count.

use std::panic::PanicHookInfo;

/// Installs a panic hook that aborts (an AFL crash) when a panic is
/// raised in ratsindex's own source, and otherwise lets it unwind to the
/// library's `catch_unwind`. Use with `afl::fuzz_nohook!`, which aborts on
/// any panic that escapes the closure.
pub fn abort_on_own_panics() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        if raised_in_dependency(info) {
            return;
        }
        eprintln!("{info}");
        std::process::abort();
    }));
}

/// Whether the panic's location is in a crate from the registry (or the
/// standard library) rather than in ratsindex itself.
fn raised_in_dependency(info: &PanicHookInfo<'_>) -> bool {
    let Some(location) = info.location() else {
        return false;
    };
    let file = location.file();
    file.contains("/.cargo/registry/") || file.contains("/rustc/") || file.starts_with("library/")
}

/// The input as text, the way a reader that got past decoding sees it:
/// invalid UTF-8 replaced.
pub fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
