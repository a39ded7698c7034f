//! # Extraction speed
//!
//! How fast text normalisation and the rule-based extractors run, in MB of
//! normalised text per second on one core, separately over every fixture
//! and over every paper of `../shared/corpus` and `../shared/seeds` (when
//! they are there). Reading files and PDF parsing happen once, before the
//! clock starts: only `Text::from_pages` (normalise) and
//! `Extractor::extract` (extract) are timed.
//!
//! ```sh
//! cargo run --release --example bench_extract            # default: 3 s per group
//! cargo run --release --example bench_extract -- 10      # seconds per group
//! cargo run --release --example bench_extract -- 3 DIR   # and the papers below DIR
//! ```
//!
//! Times are CPU time of the measuring thread (Linux), so the figures are
//! per-core speed even when other jobs share the machine.
//!
//! Baselines measured in the same run over the same bytes, so the figures
//! can be compared across machines and loads:
//! - a plain byte scan (counting line ends);
//! - NFC composition alone (`unicode_normalization`'s `nfc()` over every
//!   character of the raw pages), which normalising did on every page
//!   before it learnt to skip pages that are NFC already.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratsindex::extract::{Extractor, Rules};
use ratsindex::source::{self, Source};
use ratsindex::text::Text;
use unicode_normalization::UnicodeNormalization;

mod bench_util;
use bench_util::cpu_time;

/// One paper: its raw pages and its normalised text.
struct Paper {
    path: PathBuf,
    pages: Vec<String>,
    text: Text,
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("..").join("shared");
    let extractor = Extractor::new(Rules::builtin()).expect("built-in rules compile");
    let budget = Duration::from_secs_f64(seconds);
    let mut groups = vec![
        ("fixtures".to_string(), vec![root.join("fixtures")]),
        (
            "corpus".to_string(),
            vec![shared.join("corpus"), shared.join("seeds")],
        ),
    ];
    // More groups: folders named after the seconds (generated papers, say).
    for dir in std::env::args().skip(2) {
        groups.push((dir.clone(), vec![PathBuf::from(dir)]));
    }
    let mut all = Vec::new();
    for (i, (name, dirs)) in groups.into_iter().enumerate() {
        let papers = load(&dirs);
        if papers.is_empty() {
            println!("# {name}: no papers (directory absent)\n");
            continue;
        }
        measure(&name, &papers, &extractor, budget);
        // The slowest-paper list below covers the bundled papers only.
        if i < 2 {
            all.extend(papers);
        }
    }
    if all.is_empty() {
        return;
    }
    let rounds_budget = Duration::from_millis(50);
    // ---
    // # The slowest papers of at least 1 KB, per MB (smaller ones measure
    // the fixed cost per paper, shown as time per paper)
    let mut per_paper: Vec<(f64, f64, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, paper)| {
            let (n, t) = repeat(rounds_budget, || {
                std::hint::black_box(extractor.extract(&paper.text));
            });
            let per_call = t.as_secs_f64() / n.max(1) as f64;
            let mb = paper.text.as_str().len() as f64 / 1e6;
            (mb / per_call.max(1e-12), per_call * 1e6, i)
        })
        .collect();
    per_paper.sort_by(|a, b| a.0.total_cmp(&b.0));
    let big = |&&(_, _, i): &&(f64, f64, usize)| all[i].text.as_str().len() >= 1000;
    for (speed, micros, i) in per_paper.iter().filter(big).take(3) {
        let paper = &all[*i];
        println!(
            "slowest: {speed:>7.1} MB/s, {micros:>6.0} µs  {} ({} bytes)",
            paper.path.display(),
            paper.text.as_str().len()
        );
    }
    let small: Vec<f64> = per_paper
        .iter()
        .filter(|(_, _, i)| all[*i].text.as_str().len() < 1000)
        .map(|(_, micros, _)| *micros)
        .collect();
    if !small.is_empty() {
        println!(
            "papers under 1 KB: {} of them, {:.0} µs per paper on average",
            small.len(),
            small.iter().sum::<f64>() / small.len() as f64
        );
    }
}

/// Times normalising and extracting one group of papers and prints the
/// figures with their baselines.
fn measure(name: &str, papers: &[Paper], extractor: &Extractor, budget: Duration) {
    let bytes: usize = papers.iter().map(|p| p.text.as_str().len()).sum();
    let raw_bytes: usize = papers.iter().flat_map(|p| &p.pages).map(String::len).sum();
    println!(
        "# {name}: {} papers, {:.2} MB of normalised text",
        papers.len(),
        bytes as f64 / 1e6
    );
    let mbps = |bytes: usize, (rounds, elapsed): (usize, Duration)| {
        (bytes * rounds) as f64 / 1e6 / elapsed.as_secs_f64()
    };
    let extract = mbps(
        bytes,
        repeat(budget, || {
            for paper in papers {
                std::hint::black_box(extractor.extract(&paper.text));
            }
        }),
    );
    let normalise = mbps(
        raw_bytes,
        repeat(budget / 4, || {
            for paper in papers {
                std::hint::black_box(Text::from_pages(&paper.pages));
            }
        }),
    );
    let nfc = mbps(
        raw_bytes,
        repeat(budget / 4, || {
            for page in papers.iter().flat_map(|p| &p.pages) {
                std::hint::black_box(page.nfc().count());
            }
        }),
    );
    let scan = mbps(
        bytes,
        repeat(budget / 4, || {
            for paper in papers {
                let text = paper.text.as_str();
                std::hint::black_box(text.bytes().filter(|&b| b == b'\n').count());
            }
        }),
    );
    let met = if extract >= 20.0 { "met" } else { "NOT met" };
    println!("extract:   {extract:>8.1} MB/s per core (goal >= 20: {met})");
    println!(
        "normalise: {normalise:>8.1} MB/s per core; NFC composition alone {nfc:.1} MB/s \
         (normalise is {:.1}x that)",
        normalise / nfc
    );
    println!(
        "baseline byte scan: {scan:.0} MB/s; extract is {:.0}x slower, \
         normalise + extract {:.0}x",
        scan / extract,
        scan * (1.0 / extract + 1.0 / normalise)
    );
    println!();
}

/// Every paper below `dirs` that reads.
fn load(dirs: &[PathBuf]) -> Vec<Paper> {
    bench_util::papers_below(dirs)
        .into_iter()
        .filter_map(|path| {
            let raw = source::read(&Source::load(&path).ok()?).ok()?;
            Some(Paper {
                text: Text::from_pages(&raw.pages),
                pages: raw.pages,
                path,
            })
        })
        .collect()
}

/// Runs `f` until `budget` of wall time has passed; returns rounds and the
/// CPU time this thread used for them.
fn repeat(budget: Duration, mut f: impl FnMut()) -> (usize, Duration) {
    let start = Instant::now();
    let cpu_start = cpu_time();
    let mut rounds = 0;
    while rounds == 0 || start.elapsed() < budget {
        f();
        rounds += 1;
    }
    (rounds, cpu_time().saturating_sub(cpu_start))
}
