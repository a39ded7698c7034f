//! `ratsindex ingest --oparl DIR`: an OParl dump into the index, with a
//! summary and the agreement of metadata and text on stderr, and both in
//! the `--report` JSON.

use std::time::{Duration, Instant};

use anyhow::Context;
use ratsindex::index::RatsIndex;
use ratsindex::oparl::import::{import, ImportOptions, ImportSummary};
use ratsindex::oparl::report::Agreement;
use serde::Serialize;

use crate::cli::IngestArgs;
use crate::exit::Exit;

/// How often a progress line is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// The `--report` JSON of an OParl import.
#[derive(Serialize)]
struct Report<'a> {
    summary: &'a ImportSummary,
    agreement: &'a Agreement,
}

/// Imports the dump given with `--oparl`.
pub fn ingest(args: IngestArgs) -> anyhow::Result<Exit> {
    let dir = args.oparl.clone().context("--oparl DIR is missing")?;
    // Before the index is created: a mistyped dump leaves nothing behind.
    std::fs::metadata(&dir)
        .with_context(|| format!("cannot read the OParl dump {}", dir.display()))?;
    let pipeline = super::pipeline(&args.rules)?;
    let index = RatsIndex::open_or_create(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let options = ImportOptions {
        dir,
        body: args.body.clone(),
        full: args.full,
        prune: args.prune,
        prune_max: f64::from(args.prune_max) / 100.0,
        force: args.force,
        threads: args.threads,
        writer_heap: usize::try_from(args.writer_memory * 1024 * 1024)
            .context("--writer-memory is too large for this machine")?,
        commit_docs: args.commit_every.max(1),
        commit_interval: Duration::from_secs(args.commit_interval),
        agreement: true,
        stop: Some(super::signal::install()),
    };
    let mut last = Instant::now();
    let quiet = args.quiet;
    let (summary, agreement) = import(&index, &pipeline, &options, &mut |done, total| {
        if !quiet && last.elapsed() >= PROGRESS_EVERY {
            last = Instant::now();
            eprintln!("ratsindex: {done}/{total} papers");
        }
    })?;
    for failure in &summary.failures {
        eprintln!("ratsindex: {failure}");
    }
    if !quiet {
        eprintln!(
            "ratsindex: {} papers: {} new, {} updated, {} unchanged, {} deleted, {} removed, {} failed; \
             {} read with text, {} from metadata only; {} documents in the index; {:.1} s, {:.0} papers/s",
            summary.papers,
            summary.new,
            summary.updated,
            summary.unchanged,
            summary.deleted,
            summary.removed,
            summary.failed,
            summary.with_text,
            summary.metadata_only,
            summary.documents,
            summary.elapsed_s,
            summary.papers_per_s,
        );
        eprintln!(
            "ratsindex: metadata and text agree ({} papers):",
            agreement.papers
        );
        for line in agreement.summary_lines() {
            eprintln!("  {line}");
        }
    }
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&Report {
            summary: &summary,
            agreement: &agreement,
        })?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("cannot write report {}", path.display()))?;
    }
    Ok(if summary.interrupted {
        eprintln!(
            "ratsindex: stopped by a signal; what was done is committed, the next run does the rest"
        );
        Exit::Interrupted
    } else if summary.failures.is_empty() {
        Exit::Success
    } else {
        Exit::Partial
    })
}
