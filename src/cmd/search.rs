//! `ratsindex search`: the best matching papers.

use std::io::{self, Write};

use anyhow::Context;
use ratsindex::index::{search, RatsIndex};

use crate::cli::SearchArgs;
use crate::exit::Exit;

/// Runs the query and prints the hits.
pub fn run(args: SearchArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let results = search::search(&index, &args.query, args.limit)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if results.hits.is_empty() {
        eprintln!("ratsindex: no papers match {:?}", args.query);
        return Ok(Exit::Partial);
    }
    for hit in &results.hits {
        if args.json {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{:<14} {:<10} {:<16} {:<40} {:.2}",
                hit.reference.as_deref().unwrap_or("-"),
                hit.date.as_deref().unwrap_or("-"),
                hit.body.as_deref().unwrap_or("-"),
                hit.title.as_deref().unwrap_or("-"),
                hit.score
            )
            .context("cannot write results")?;
        }
    }
    if !args.json {
        eprintln!(
            "ratsindex: {} of {} matching papers",
            results.hits.len(),
            results.total
        );
    }
    Ok(Exit::Success)
}
