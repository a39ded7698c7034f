//! `ratsindex stats`: counts about the index.

use ratsindex::index::{search, RatsIndex};

use crate::cli::StatsArgs;
use crate::exit::Exit;

/// Prints the number of documents.
pub fn run(args: StatsArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let documents = search::document_count(&index)?;
    if args.json {
        println!("{}", serde_json::json!({ "documents": documents }));
    } else {
        println!("documents: {documents}");
    }
    Ok(Exit::Success)
}
