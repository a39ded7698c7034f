//! # Extraction speed
//!
//! How fast the rule-based extractors run, in MB of normalised text per
//! second on one core, over every fixture and every paper of
//! `../shared/corpus` (when it is there). Reading files, PDF parsing and
//! normalising happen once, before the clock starts: only
//! `Extractor::extract` is timed.
//!
//! ```sh
//! cargo run --release --example bench_extract            # default: 3 s
//! cargo run --release --example bench_extract -- 10      # seconds to run
//! ```
//!
//! As a baseline measured in the same run, it also times one plain scan
//! of the same text (counting lines with `memchr`-like byte search), so
//! the figure can be compared across machines.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratsindex::extract::{Extractor, Rules};
use ratsindex::source::{self, Source};
use ratsindex::text::Text;

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    // ---
    // # Load every paper once
    let mut paths = Vec::new();
    walk(&root.join("fixtures"), &mut paths);
    walk(&root.join("..").join("shared").join("corpus"), &mut paths);
    let mut texts = Vec::new();
    let mut loaded = Vec::new();
    for path in &paths {
        let Ok(source) = Source::load(path) else {
            continue;
        };
        let Ok(raw) = source::read(&source) else {
            continue;
        };
        texts.push(Text::from_pages(&raw.pages));
        loaded.push(path.clone());
    }
    let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
    println!(
        "{} papers, {:.2} MB of normalised text",
        texts.len(),
        bytes as f64 / 1e6
    );
    if texts.is_empty() {
        return;
    }

    // ---
    // # Time the extractor, one thread
    let extractor = Extractor::new(Rules::builtin()).expect("built-in rules compile");
    let budget = Duration::from_secs_f64(seconds);
    let (rounds, elapsed) = repeat(budget, || {
        for text in &texts {
            std::hint::black_box(extractor.extract(text));
        }
    });
    let mbps = (bytes * rounds) as f64 / 1e6 / elapsed.as_secs_f64();

    // ---
    // # Baseline: one pass over the bytes counting lines
    let (base_rounds, base_elapsed) = repeat(budget / 4, || {
        for text in &texts {
            std::hint::black_box(text.as_str().bytes().filter(|&b| b == b'\n').count());
        }
    });
    let base = (bytes * base_rounds) as f64 / 1e6 / base_elapsed.as_secs_f64();

    println!("extract: {mbps:.1} MB/s per core ({rounds} rounds in {elapsed:.2?})");
    println!(
        "baseline line count: {base:.0} MB/s; extract is {:.0}x slower",
        base / mbps
    );
    println!(
        "goal: >= 20 MB/s per core: {}",
        if mbps >= 20.0 { "met" } else { "NOT met" }
    );

    // ---
    // # The slowest papers, per MB
    let mut per_paper: Vec<(f64, usize)> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (n, t) = repeat(Duration::from_millis(50), || {
                std::hint::black_box(extractor.extract(text));
            });
            let mb = text.as_str().len().max(1) as f64 / 1e6;
            (mb * n as f64 / t.as_secs_f64(), i)
        })
        .collect();
    per_paper.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (speed, i) in per_paper.iter().take(3) {
        println!("  slowest: {speed:>7.1} MB/s  {}", paths_of(&loaded, *i));
    }
}

fn paths_of(paths: &[PathBuf], i: usize) -> String {
    paths
        .get(i)
        .map_or(String::new(), |p| p.display().to_string())
}

/// Runs `f` until `budget` has passed; returns rounds and time taken.
fn repeat(budget: Duration, mut f: impl FnMut()) -> (usize, Duration) {
    let start = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || start.elapsed() < budget {
        f();
        rounds += 1;
    }
    (rounds, start.elapsed())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "pdf" | "html" | "htm" | "md")
        ) {
            out.push(path);
        }
    }
}
