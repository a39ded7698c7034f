//! The PDF reader's benchmark, in-process half; `bench/pdf.sh` runs it
//! and compares with `pdftotext`.
//!
//! - `bench_pdf generate DIR N` writes N multi-page council papers (the
//!   fixture `paper.txt` grown to four pages, numbers varied per paper).
//! - `bench_pdf read DIR` reads every PDF below DIR on one thread (the
//!   files are loaded into memory first) and prints documents per second
//!   and the peak resident memory of this process.
//! - `bench_pdf text FILE` prints everything printed on FILE's pages
//!   (page furniture included, pages separated by form feeds), the text
//!   `bench/pdf_words.py` compares with `pdftotext`; `bench_pdf reading
//!   FILE` the same with words broken by line-end hyphens joined as search
//!   indexes them ([`ratsindex::hyphen::reading_text`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratsindex::source::pdf::{read, read_all_text, PdfLimits};
use ratsindex::text::Text;

#[allow(dead_code)]
#[path = "gen_pdf_fixtures.rs"]
mod fixtures;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, n] => generate(Path::new(dir), n.parse()?),
        ["read", dir] => read_all(Path::new(dir)),
        ["text", file] => print_text(Path::new(file), false),
        ["reading", file] => print_text(Path::new(file), true),
        _ => anyhow::bail!(
            "usage: bench_pdf generate DIR N | bench_pdf read DIR | bench_pdf text|reading FILE"
        ),
    }
}

fn generate(dir: &Path, n: usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let paper = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/paper.txt"),
    )?;
    let pages: Vec<&str> = paper.split('\u{c}').collect();
    for i in 0..n {
        // Four pages: the paper's own three, plus its explanation again
        // as an annex; numbers differ from paper to paper.
        let number = format!("{:04}/2024", 100 + i);
        let mut text = pages.join("\u{c}").replace("0417/2024", &number);
        text.push('\u{c}');
        text.push_str(&pages[1].replace("1964", &format!("{}", 1950 + i % 60)));
        let bytes = fixtures::paper(&text)?;
        std::fs::write(dir.join(format!("paper-{i:04}.pdf")), bytes)?;
    }
    println!("wrote {n} PDFs to {}", dir.display());
    Ok(())
}

fn pdfs_below(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            pdfs_below(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_all(dir: &Path) -> anyhow::Result<()> {
    let mut paths = Vec::new();
    pdfs_below(dir, &mut paths)?;
    paths.sort();
    let files: Vec<Vec<u8>> = paths.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    let limits = PdfLimits::default();
    let started = Instant::now();
    let (mut pages, mut chars, mut failed) = (0usize, 0usize, 0usize);
    for bytes in &files {
        match read(bytes, &limits) {
            Ok(raw) => {
                pages += raw.pages.len();
                chars += Text::from_pages(&raw.pages).as_str().len();
            }
            Err(_) => failed += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "in-process: {} docs ({pages} pages, {chars} bytes of text, {failed} failed) in {seconds:.3} s = {:.1} docs/s on one core; peak RSS {} kB",
        files.len(),
        files.len() as f64 / seconds,
        peak_rss_kb().map_or("?".into(), |k| k.to_string()),
    );
    Ok(())
}

fn print_text(path: &Path, reading: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)?;
    let raw = read_all_text(&bytes, &PdfLimits::default())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let text = Text::from_pages(&raw.pages);
    if reading {
        println!("{}", ratsindex::hyphen::reading_text(text.as_str()));
    } else {
        println!("{}", text.as_str());
    }
    Ok(())
}

/// VmHWM from /proc/self/status (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
