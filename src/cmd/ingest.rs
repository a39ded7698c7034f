//! `ratsindex ingest`: files into the index.

use anyhow::Context;
use ratsindex::index::RatsIndex;
use ratsindex::ingest::{ingest, IngestOptions};

use crate::cli::IngestArgs;
use crate::exit::Exit;

/// Ingests the given paths and prints a summary on stderr.
pub fn run(args: IngestArgs) -> anyhow::Result<Exit> {
    let pipeline = super::pipeline(&args.rules)?;
    let index = RatsIndex::open_or_create(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let options = IngestOptions {
        paths: args.paths,
        body: args.body,
    };
    let summary = ingest(&index, &pipeline, &options)?;
    for failure in &summary.failures {
        eprintln!("ratsindex: {failure}");
    }
    eprintln!(
        "ratsindex: {} found, {} indexed, {} failed; index at {}",
        summary.found,
        summary.indexed,
        summary.failures.len(),
        index.dir().display()
    );
    Ok(if summary.failures.is_empty() {
        Exit::Success
    } else {
        Exit::Partial
    })
}
