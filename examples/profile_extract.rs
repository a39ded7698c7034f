//! # Extraction under a profiler
//!
//! Extracts every paper below DIR `ROUNDS` times on one thread, so that a
//! profiler (valgrind callgrind, perf) sees the steady state of
//! `Extractor::extract` rather than start-up and first-use costs:
//!
//! ```sh
//! cargo build --release --example profile_extract
//! valgrind --tool=callgrind --toggle-collect='*Extractor::extract*' \
//!     target/release/examples/profile_extract ../shared/silver/karlsruhe/texts 3
//! ```
//!
//! Prints the number of papers and bytes extracted, nothing else: figures
//! come from the profiler (or from `bench_extract`, which times).

use std::path::PathBuf;

use ratsindex::extract::{Extractor, Rules};
use ratsindex::source::{self, Source};
use ratsindex::text::Text;

#[allow(dead_code)] // the timing helpers serve the benches, not this
mod bench_util;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "fixtures".into()));
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3);
    let extractor = Extractor::new(Rules::builtin()).expect("built-in rules compile");
    let texts: Vec<Text> = bench_util::papers_below(&[dir])
        .into_iter()
        .filter_map(|path| {
            let raw = source::read(&Source::load(&path).ok()?).ok()?;
            Some(Text::from_pages(&raw.pages))
        })
        .collect();
    let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
    for _ in 0..rounds {
        for text in &texts {
            std::hint::black_box(extractor.extract(text));
        }
    }
    println!("{} papers, {bytes} bytes, {rounds} rounds", texts.len());
}
