//! Regression inputs of the fuzz campaign (`fuzz/`, docs/fuzzing.md):
//! every file under `fixtures/fuzz/TARGET/` goes through the entry point
//! of that fuzz target and must end without a panic, within a time limit.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratsindex::extract::{Extractor, Rules};
use ratsindex::index::search::{Finder, SearchRequest};
use ratsindex::index::RatsIndex;
use ratsindex::source::pdf::{self, PdfError, PdfLimits};
use ratsindex::text::Text;

use crate::util::fixture;

/// Generous for a debug build; the fuzz targets flag 3 s (5 s for PDF)
/// in an optimised build as a hang.
const LIMIT: Duration = Duration::from_secs(20);

/// The regression inputs of one target, sorted.
fn inputs(target: &str) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(fixture("fuzz").join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `run` on every input of `target`, timing each.
fn replay(target: &str, mut run: impl FnMut(&[u8])) -> usize {
    let files = inputs(target);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let started = Instant::now();
        run(&bytes);
        let took = started.elapsed();
        assert!(took < LIMIT, "{}: took {took:?}", path.display());
    }
    files.len()
}

#[test]
fn pdf_inputs_end_without_a_panic_of_ours() {
    replay("pdf", |bytes| {
        // The reader turns panics into PdfError::Panic; for these inputs
        // that is the regression.
        let result = pdf::read(bytes, &PdfLimits::default());
        assert!(!matches!(result, Err(PdfError::Panic(_))), "{result:?}");
    });
}

#[test]
fn html_and_text_inputs_read_or_fail_cleanly() {
    replay("html", |bytes| {
        let _ = ratsindex::source::html::read(bytes);
    });
    replay("text", |bytes| {
        if let Ok(raw) = ratsindex::source::text::read(bytes) {
            let _ = Text::from_pages(&raw.pages).lines().count();
        }
    });
}

#[test]
fn extract_inputs_extract() {
    let extractor = Extractor::new(Rules::builtin()).unwrap();
    replay("extract", |bytes| {
        let text = Text::from_str_pages(&String::from_utf8_lossy(bytes));
        let _ = extractor.extract(&text);
    });
}

#[test]
fn query_inputs_search_or_fail_with_a_query_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = RatsIndex::open_or_create(dir.path()).unwrap();
    let finder = Finder::new(&index).unwrap();
    let replayed = replay("query", |bytes| {
        let mut request = SearchRequest::new(String::from_utf8_lossy(bytes));
        request.facets = true;
        let _ = finder.search(&request);
    });
    assert!(
        replayed > 0,
        "fixtures/fuzz/query/ holds the known stack overflow"
    );
}
