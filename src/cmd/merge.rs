//! `ratsindex merge`: shards into one new index, with a summary on stderr.

use ratsindex::index::merge::merge;

use crate::cli::MergeArgs;
use crate::exit::Exit;

/// Merges and prints what was merged; exit 2 (through the error) on any
/// refusal, with the output left as it was.
pub fn run(args: MergeArgs) -> anyhow::Result<Exit> {
    let report = merge(&args.out, &args.shards)?;
    if !args.quiet {
        eprintln!(
            "ratsindex: merged {} shards ({} segments, {} documents) into {} ({:.1} MB) in {:.1} s",
            report.shards,
            report.segments,
            report.documents,
            args.out.display(),
            report.index_bytes as f64 / 1e6,
            report.elapsed_s
        );
    }
    Ok(Exit::Success)
}
