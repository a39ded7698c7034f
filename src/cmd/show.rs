//! `ratsindex show`: one stored record as JSON.

use std::io::{self, Write};

use ratsindex::index::{search, RatsIndex};

use crate::cli::ShowArgs;
use crate::exit::Exit;

/// Prints the record(s) with this id or number.
pub fn run(args: ShowArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let records = search::lookup(&index, &args.id_or_reference, args.body.as_deref())?;
    if records.is_empty() {
        eprintln!(
            "ratsindex: no paper with id or number {:?}{}",
            args.id_or_reference,
            args.body
                .as_deref()
                .map(|b| format!(" in {b}"))
                .unwrap_or_default()
        );
        return Ok(Exit::Partial);
    }
    if records.len() > 1 {
        eprintln!(
            "ratsindex: {} papers have the number {:?}; --body NAME picks one",
            records.len(),
            args.id_or_reference
        );
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for record in records {
        serde_json::to_writer_pretty(&mut out, &record)?;
        writeln!(out)?;
    }
    Ok(Exit::Success)
}
