//! HTML → text speed of the HTML reader, per core (one thread), on the
//! pages in `fixtures/html/` and on one large page made from them.
//!
//! ```sh
//! cargo run --release --example bench_html [-- DIR]
//! ```
//!
//! Times are CPU time of the measuring thread (Linux), so the figures are
//! per core even while other processes share the machine.
//!
//! Prints MB/s for `source::html::read` (decode, parse, render) and, as a
//! baseline measured in the same run, for the tag-stripping placeholder it
//! replaced (decode, drop everything between `<` and `>`); the ratio shows
//! what the real parser costs. The target is at least 20 MB/s per core.

use std::path::PathBuf;
use std::time::Duration;

use ratsindex::source::{html, text};

mod bench_util;
use bench_util::cpu_time;

/// How much input each measurement reads at least.
const BYTES_PER_RUN: usize = 64 * 1024 * 1024;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/html"));
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html" || e == "htm") {
            if let Ok(bytes) = std::fs::read(&path) {
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                pages.push((name, bytes));
            }
        }
    }
    pages.sort();
    assert!(!pages.is_empty(), "no .html pages in {}", dir.display());

    println!(
        "{:<28} {:>9} {:>12} {:>12} {:>7}",
        "input", "bytes", "reader MB/s", "strip MB/s", "ratio"
    );
    let mut total = (0usize, Duration::ZERO, Duration::ZERO);
    for (name, bytes) in &pages {
        let (reader, strip) = measure(bytes);
        report(name, bytes.len(), reader, strip);
        let runs = BYTES_PER_RUN.div_ceil(bytes.len().max(1));
        total.0 += bytes.len() * runs;
        total.1 += reader * runs as u32;
        total.2 += strip * runs as u32;
    }
    let big = large_page(&pages, 8 * 1024 * 1024);
    let (reader, strip) = measure(&big);
    report("large page (all, repeated)", big.len(), reader, strip);
    let mbps = |bytes: usize, time: Duration| bytes as f64 / 1e6 / time.as_secs_f64();
    println!(
        "all fixture pages: reader {:.1} MB/s per core, placeholder {:.1} MB/s, ratio {:.2}",
        mbps(total.0, total.1),
        mbps(total.0, total.2),
        total.2.as_secs_f64() / total.1.as_secs_f64()
    );
}

/// Mean CPU time of one read of `bytes` by the reader and by the baseline.
fn measure(bytes: &[u8]) -> (Duration, Duration) {
    let runs = BYTES_PER_RUN.div_ceil(bytes.len().max(1)).max(3);
    let time = |f: &dyn Fn() -> usize| {
        std::hint::black_box(f());
        let start = cpu_time();
        let mut sink = 0usize;
        for _ in 0..runs {
            sink = sink.wrapping_add(f());
        }
        std::hint::black_box(sink);
        cpu_time().saturating_sub(start) / runs as u32
    };
    let reader = time(&|| html::read(bytes).map(|d| d.pages[0].len()).unwrap_or(0));
    let strip = time(&|| strip_tags(bytes).len());
    (reader, strip)
}

fn report(name: &str, len: usize, reader: Duration, strip: Duration) {
    let mbps = |t: Duration| len as f64 / 1e6 / t.as_secs_f64();
    println!(
        "{name:<28} {len:>9} {:>12.1} {:>12.1} {:>7.2}",
        mbps(reader),
        mbps(strip),
        strip.as_secs_f64() / reader.as_secs_f64()
    );
}

/// One page whose body is all fixture bodies repeated to about `size`.
fn large_page(pages: &[(String, Vec<u8>)], size: usize) -> Vec<u8> {
    let bodies: Vec<String> = pages
        .iter()
        .filter_map(|(_, bytes)| text::decode(bytes).ok())
        .map(|(page, _)| page)
        .collect();
    let mut out = String::from("<!DOCTYPE html><html><head><meta charset=utf-8></head><body>");
    while out.len() < size {
        for body in &bodies {
            out.push_str(body);
        }
    }
    out.push_str("</body></html>");
    out.into_bytes()
}

/// The placeholder this reader replaced: decode, drop tags.
fn strip_tags(bytes: &[u8]) -> String {
    let Ok((html, _)) = text::decode(bytes) else {
        return String::new();
    };
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
