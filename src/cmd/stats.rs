//! `ratsindex stats`: counts about the index.

use std::io::{self, Write};

use ratsindex::index::search::FacetCount;
use ratsindex::index::{search, RatsIndex};

use crate::cli::StatsArgs;
use crate::cmd::search::write_facets;
use crate::exit::Exit;

/// Prints documents per body, type, year and committee, and the index
/// size. The JSON form keeps `documents` as a key (scripts rely on it).
pub fn run(args: StatsArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let stats = search::stats(&index)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        writeln!(out, "documents:    {}", stats.documents)?;
        writeln!(
            out,
            "index size:   {:.1} MB",
            stats.index_bytes as f64 / 1_000_000.0
        )?;
        write_facets(&mut out, &stats.counts)?;
        let archive = &stats.archive;
        writeln!(out, "read by OCR:  {}", archive.ocr)?;
        writeln!(out, "need OCR:     {}", archive.needs_ocr)?;
        let formats: Vec<String> = archive
            .formats
            .iter()
            .map(|(format, n)| format!("{format} {n}"))
            .collect();
        writeln!(out, "formats:      {}", formats.join(", "))?;
        writeln!(out, "from bundles: {}", archive.bundle_papers)?;
        // Last: the list of bodies runs to the end of the output.
        write_bodies(&mut out, &stats.counts.body)?;
    }
    Ok(Exit::Success)
}

/// Every body with its count, one a line in alphabetical order, so that
/// two names of one body ("Karlsruhe", "Stadt Karlsruhe", "Landtag-Bw")
/// stand near each other; a bodies file (`ingest --bodies`) joins them.
fn write_bodies(out: &mut impl Write, bodies: &[FacetCount]) -> io::Result<()> {
    let mut sorted: Vec<&FacetCount> = bodies.iter().collect();
    sorted.sort_by_cached_key(|b| (b.value.to_lowercase(), b.value.clone()));
    writeln!(out, "bodies ({}, by name):", sorted.len())?;
    for body in sorted {
        writeln!(out, "  {:>7}  {}", body.count, body.value)?;
    }
    Ok(())
}
