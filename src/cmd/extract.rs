//! `ratsindex extract`: records as JSON Lines on stdout, no index.

use std::io::{self, BufWriter, Write};

use ratsindex::ingest::collect_files;
use rayon::prelude::*;

use crate::cli::ExtractArgs;
use crate::exit::Exit;

/// Extracts every file and prints one record per line, in input order.
pub fn run(args: ExtractArgs) -> anyhow::Result<Exit> {
    let pipeline = super::pipeline(&args.rules)?;
    let mut failures = Vec::new();
    let files = collect_files(&args.paths, &mut failures);
    for failure in &failures {
        eprintln!("ratsindex: {failure}");
    }
    let mut failed = !failures.is_empty();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Extract in parallel, print in input order, a bounded chunk at a time.
    for chunk in files.chunks(64) {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|path| pipeline.process_path(path, args.body.as_deref()))
            .collect();
        for result in results {
            match result {
                Ok(record) => {
                    serde_json::to_writer(&mut out, &record)?;
                    out.write_all(b"\n")?;
                }
                Err(err) => {
                    out.flush()?;
                    eprintln!("ratsindex: {err}");
                    failed = true;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed { Exit::Partial } else { Exit::Success })
}
