//! # The ceiling for `ratsindex ingest`: tantivy alone
//!
//! ```text
//! cargo run --release --example tantivy_ceiling -- RECORDS.jsonl INDEX_DIR [WRITER_MIB] [--no-split]
//! ```
//!
//! Indexes records that were extracted beforehand (`ratsindex extract
//! DIR > RECORDS.jsonl`) into a fresh index with ratsindex's schema,
//! analyzers and record → document mapping, through one tantivy writer
//! with the same memory budget and thread count as `ratsindex ingest`:
//! no walking, no reading of source files, no extraction. A reader thread
//! parses the JSON Lines ahead of the writer through a bounded channel.
//! Prints one line: `docs=N bytes=TEXT_BYTES seconds=S`.
//!
//! With `--no-split` the compound-part fields (`title_parts`,
//! `text_parts`) get an analyzer that yields no words: the same fields and
//! text, without German compound splitting (issue 17 measures ingest
//! against this ceiling).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use ratsindex::index::document::to_document;
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;
use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

fn main() {
    if let Err(e) = run() {
        eprintln!("tantivy_ceiling: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let no_split = args.iter().any(|a| a == "--no-split");
    args.retain(|a| a != "--no-split");
    let (records, dir, mib) = match args.as_slice() {
        [r, d] => (r, d, 256),
        [r, d, m] => (r, d, m.parse()?),
        _ => anyhow::bail!(
            "usage: tantivy_ceiling RECORDS.jsonl INDEX_DIR [WRITER_MIB] [--no-split]"
        ),
    };
    let index = RatsIndex::open_or_create(Path::new(dir))?;
    if no_split {
        // Every token is longer than 0 bytes: the parts fields stay empty.
        index.index().tokenizers().register(
            ratsindex::index::schema::GERMAN_PARTS,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(0))
                .build(),
        );
    }
    let file = std::fs::File::open(records)?;
    let start = Instant::now();
    let mut writer: tantivy::IndexWriter = index.index().writer(mib * 1024 * 1024)?;
    let (tx, rx) = sync_channel(256);
    let reader_index = index.clone();
    let reader = std::thread::spawn(move || -> anyhow::Result<()> {
        for line in BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(&line)?;
            let bytes = record.text.len();
            let doc = to_document(&reader_index, &record)?;
            if tx.send((doc, bytes)).is_err() {
                break;
            }
        }
        Ok(())
    });
    let mut docs = 0u64;
    let mut bytes = 0u64;
    for (doc, len) in rx {
        writer.add_document(doc)?;
        docs += 1;
        bytes += len as u64;
    }
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("reader thread panicked"))??;
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "docs={docs} bytes={bytes} seconds={:.3}",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
