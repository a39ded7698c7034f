//! `ratsindex check`: verifies the index and says in words what is wrong
//! and what to run.

use ratsindex::index::check::check;

use crate::cli::CheckArgs;
use crate::exit::Exit;

/// Prints the verdict on stderr: exit 0 sound, 1 damaged, 2 not an index
/// of this version.
pub fn run(args: CheckArgs) -> anyhow::Result<Exit> {
    let dir = &args.index.index;
    let report = check(dir)?;
    let documents = report
        .documents
        .map_or("an unknown number of".to_string(), |n| n.to_string());
    if report.problems.is_empty() {
        eprintln!(
            "ratsindex: the index at {} is sound: {documents} documents, every file's checksum matches",
            dir.display()
        );
        return Ok(Exit::Success);
    }
    for problem in &report.problems {
        eprintln!("ratsindex: {}: {problem}", dir.display());
    }
    eprintln!(
        "ratsindex: the index at {} is damaged ({} problems, {documents} documents). \
         Run `ratsindex ingest --rebuild --index {}`: it is made anew from \
         the papers' files.",
        dir.display(),
        report.problems.len(),
        dir.display()
    );
    Ok(Exit::Partial)
}
