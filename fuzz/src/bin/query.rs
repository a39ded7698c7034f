//! The query parser and search (`ratsindex::index::search`) on arbitrary
//! query text, against a small index built from `fixtures/search/` at
//! start-up, so that parsed queries also run.

use ratsindex::index::search::{Finder, SearchRequest};
use ratsindex::index::writer::IndexSink;
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;

const PAPERS: &str = include_str!("../../../fixtures/search/papers.jsonl");

fn main() {
    let dir = std::env::temp_dir().join(format!("ratsindex-fuzz-query-{}", std::process::id()));
    let index = RatsIndex::open_or_create(&dir).expect("create the fixture index");
    let mut sink = IndexSink::new(&index, 20_000_000).expect("index writer");
    for line in PAPERS.lines().filter(|l| !l.trim().is_empty()) {
        let record: Record = serde_json::from_str(line).expect("fixture record");
        sink.upsert(&record).expect("add fixture record");
    }
    sink.finish().expect("commit fixture index");
    // Read-only between runs; a panic aborts the process anyway.
    let finder = std::panic::AssertUnwindSafe(Finder::new(&index).expect("open a searcher"));
    afl::fuzz!(|data: &[u8]| {
        let mut request = SearchRequest::new(ratsindex_fuzz::lossy(data));
        request.facets = true;
        let _ = finder.search(&request);
    });
    let _ = std::fs::remove_dir_all(&dir);
}
