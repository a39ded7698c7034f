//! The `ratsindex` binary: parses the command line, dispatches to the
//! subcommand in `cmd/`, and turns the outcome into an exit code. All data
//! goes to stdout, all messages to stderr.

mod cli;
mod cmd;
mod exit;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Error.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Related(args) => cmd::related::run(args),
        Command::Stats(args) => cmd::stats::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            eprintln!("ratsindex: {err:#}");
            Exit::Error.into()
        }
    }
}

/// A closed stdout (`ratsindex search x | head -1`) is not an error.
/// `serde_json` wraps the io error in its own, so look through that too.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
