//! Exit codes, in one place (documented in README.md).

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success,
    /// Some files failed but the rest was processed; or a search found
    /// nothing.
    Partial,
    /// Bad usage or a setup error: nothing useful was done.
    Error,
    /// Stopped by Ctrl-C or SIGTERM after committing what was done.
    Interrupted,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> std::process::ExitCode {
        std::process::ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Partial => 1,
            Exit::Error => 2,
            Exit::Interrupted => 130,
        })
    }
}
