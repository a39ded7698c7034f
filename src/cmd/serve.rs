//! `ratsindex serve`: opens the index and hands it to the web server in
//! `src/serve/`.

use std::sync::Arc;

use ratsindex::index::RatsIndex;

use crate::cli::ServeArgs;
use crate::exit::Exit;
use crate::serve::{serve, Snapshot};

/// Serves until stopped.
pub fn run(args: ServeArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let snapshot = Arc::new(Snapshot::open(index)?);
    let threads = if args.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        args.threads
    };
    serve(snapshot, args.bind, threads)?;
    Ok(Exit::Success)
}
