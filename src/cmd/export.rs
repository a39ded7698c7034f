//! `ratsindex export`: stored records to stdout or a file, as OParl 1.1,
//! JSON Lines or CSV.

use std::io::{BufWriter, Write};

use anyhow::Context;
use ratsindex::index::RatsIndex;
use ratsindex::oparl::export::{export, ExportOptions, Format};

use crate::cli::{ExportArgs, ExportFormat};
use crate::exit::Exit;

/// Exports the selected records.
pub fn run(args: ExportArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open_for_streaming(&args.index.index)
        .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
    let options = ExportOptions {
        format: match args.format {
            ExportFormat::Oparl => Format::Oparl,
            ExportFormat::Jsonl => Format::Jsonl,
            ExportFormat::Csv => Format::Csv,
        },
        query: args.query,
        bodies: args.body,
        base_url: args.base_url,
        with_text: args.with_text,
    };
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let count = export(&index, &options, &mut out)?;
    drop(out);
    eprintln!("ratsindex: exported {count} papers");
    Ok(Exit::Success)
}
