//! The `ratsindex` binary: parses the command line, dispatches to the
//! subcommand in `cmd/`, and turns the outcome into an exit code. All data
//! goes to stdout, all messages to stderr.

mod cli;
mod cmd;
mod exit;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

/// mimalloc instead of glibc malloc: pattern compilation at start-up and
/// extraction allocate many small blocks (issue 13, docs/pdf.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // ratsindex.toml's settings become options the command line lacks.
    let argv = match cmd::config::apply(std::env::args_os().collect()) {
        Ok(argv) => argv,
        Err(err) => {
            eprintln!("ratsindex: {}", message(&err));
            return Exit::Error.into();
        }
    };
    let cli = match Cli::try_parse_from(argv) {
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
    cmd::style::init(cli.color);
    let index = index_dir(&cli.command);
    // A panic (a bug, or tantivy meeting a damaged index) becomes one
    // message and exit 2, not a backtrace and exit 101.
    let panicked: &'static std::sync::Mutex<Option<String>> =
        Box::leak(Box::new(std::sync::Mutex::new(None)));
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("main") {
            // Other threads' panics are caught where they run, or are
            // tantivy's own: keep their usual message.
            return default_hook(info);
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        if let Ok(mut slot) = panicked.lock() {
            slot.get_or_insert(format!("{what}{at}"));
        }
    }));
    let result = std::panic::catch_unwind(move || match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Related(args) => cmd::related::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Completions(args) => cmd::shell::completions(args),
        Command::Man(args) => cmd::shell::man(args),
    });
    let result = match result {
        Ok(result) => result,
        Err(_) => {
            let what = panicked
                .lock()
                .ok()
                .and_then(|mut slot| slot.take())
                .unwrap_or_else(|| "unknown panic".into());
            match index {
                Some(dir) => eprintln!(
                    "ratsindex: internal error ({what}); the index at {} may be damaged: \
                     move it away and ingest again",
                    dir.display()
                ),
                None => eprintln!("ratsindex: internal error ({what})"),
            }
            return Exit::Error.into();
        }
    };
    match result {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            eprintln!("ratsindex: {}", message(&err));
            Exit::Error.into()
        }
    }
}

/// The error and its causes, each said once: tantivy's errors repeat
/// their cause in their own message.
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// The index directory a command uses, if any.
fn index_dir(command: &Command) -> Option<std::path::PathBuf> {
    match command {
        Command::Ingest(args) => Some(args.index.index.clone()),
        Command::Search(args) => Some(args.index.index.clone()),
        Command::Show(args) => Some(args.index.index.clone()),
        Command::Export(args) => Some(args.index.index.clone()),
        Command::Related(args) => Some(args.index.index.clone()),
        Command::Stats(args) => Some(args.index.index.clone()),
        Command::Check(args) => Some(args.index.index.clone()),
        Command::Serve(args) => Some(args.index.index.clone()),
        Command::Extract(_) => None,
        Command::Merge(args) => Some(args.out.clone()),
        Command::Completions(_) | Command::Man(_) => None,
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
