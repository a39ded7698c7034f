//! Exit codes, in one place: the same for every command, printed by
//! `ratsindex --help` ([`HELP`]) and listed in README.md, "Exit codes"
//! (a test checks the two agree with [`Exit::code`]).

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success,
    /// Some files failed but the rest was processed; or a search, `show`
    /// or `related` found nothing.
    Partial,
    /// Nothing useful was done: bad usage (unknown option, malformed
    /// query, a path on the command line that does not exist) or a setup
    /// error (missing, locked or damaged index, bad rules or config file,
    /// refused prune or merge), or an internal error.
    Error,
    /// Stopped by Ctrl-C or SIGTERM after committing what was done.
    Interrupted,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Partial => 1,
            Exit::Error => 2,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> std::process::ExitCode {
        std::process::ExitCode::from(exit.code())
    }
}

/// The table of exit codes, for `--help`.
pub const HELP: &str = "\
Exit codes (the same for every command):
  0    everything worked
  1    some files failed (each named on stderr as `path: stage: reason`; the rest was
       processed and, for ingest, committed); search, show or related found nothing
  2    nothing was done: bad usage (unknown option, malformed query, a path on the
       command line that does not exist), a setup error (missing, locked or damaged
       index, bad rules or config file, refused prune or merge), or an internal error
  130  stopped by Ctrl-C or SIGTERM after committing what was done";
