//! The external tools OCR runs: poppler's `pdftoppm` rasterises one page
//! to a grey PGM (unless the page's own image is written for it, see
//! [`super::embedded`]), `tesseract` reads it (plain text plus a TSV of words
//! with their confidence). Both run as child processes under a time limit,
//! at most one per core at a time in the whole process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::embedded::Embedded;
use super::OcrSettings;

/// The longest one tool may take for one page.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(300);

/// A page's OCR result.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// The text, lines as Tesseract found them (no form feeds).
    pub text: String,
    /// Mean word confidence (0–100).
    pub confidence: f64,
    /// Words the confidence is the mean of.
    pub words: usize,
}

/// Tesseract and pdftoppm, found and checked.
#[derive(Debug)]
pub struct Engine {
    /// "tesseract 5.3.0".
    pub version: String,
}

static ENGINES: LazyLock<Mutex<HashMap<String, Result<&'static Engine, String>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

impl Engine {
    /// The engine for `language`, checked once per process: Tesseract
    /// runs, knows the language, and pdftoppm runs. The error says what
    /// is missing and which Debian package brings it.
    pub fn get(language: &str) -> Result<&'static Engine, String> {
        let mut engines = ENGINES.lock().unwrap_or_else(PoisonError::into_inner);
        engines
            .entry(language.to_string())
            .or_insert_with(|| Engine::probe(language).map(|e| &*Box::leak(Box::new(e))))
            .clone()
    }

    fn probe(language: &str) -> Result<Engine, String> {
        let version = Command::new("tesseract")
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| {
                "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-deu)"
                    .to_string()
            })?;
        let text = String::from_utf8_lossy(&version.stdout).into_owned()
            + &String::from_utf8_lossy(&version.stderr);
        let version = text
            .lines()
            .next()
            .unwrap_or("tesseract")
            .trim()
            .to_string();
        let langs = Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("tesseract --list-langs failed: {e}"))?;
        let listed = String::from_utf8_lossy(&langs.stdout).into_owned()
            + &String::from_utf8_lossy(&langs.stderr);
        for lang in language.split('+') {
            if !listed.lines().any(|l| l.trim() == lang) {
                return Err(format!(
                    "tesseract has no language data for {lang:?} (Debian: apt-get install tesseract-ocr-{lang})"
                ));
            }
        }
        Command::new("pdftoppm")
            .arg("-v")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| {
                "pdftoppm is not installed (Debian: apt-get install poppler-utils)".to_string()
            })?;
        Ok(Engine { version })
    }

    /// Reads page `page` (1-based): from its own `embedded` image where
    /// there is one and it can be written, else rasterised from the work
    /// PDF at `dpi` (grey, PGM: no compression to pay for). Tesseract is
    /// told the resolution either way. Returns the text and how the page
    /// reached Tesseract ([`METHOD_PDFTOPPM`] or [`Embedded::method`]).
    pub fn read_page(
        &self,
        work: &Workdir,
        page: usize,
        embedded: Option<&Embedded>,
        dpi: u32,
        settings: &OcrSettings,
    ) -> Result<(PageText, &'static str), String> {
        let _slot = Slot::take();
        let base = work.dir.join(format!("p{page}"));
        let direct = embedded.and_then(|e| match e.write(&base) {
            Ok(image) => Some((image, e.dpi, e.method())),
            Err(why) => {
                eprintln!("ratsindex: page {page}: {why}; rasterising it with pdftoppm instead");
                None
            }
        });
        let (image, dpi, method) = match direct {
            Some(direct) => direct,
            None => {
                let method = embedded.map_or(METHOD_PDFTOPPM, Embedded::fallback_method);
                (rasterise(work, page, dpi, &base)?, dpi, method)
            }
        };
        let result = read_image(&image, &base, &settings.language, dpi);
        let _ = std::fs::remove_file(&image);
        if result.is_ok() {
            PAGES_READ.fetch_add(1, Ordering::Relaxed);
        }
        result.map(|text| (text, method))
    }
}

/// How a page rasterised by `pdftoppm` reaches Tesseract (for the cache).
pub const METHOD_PDFTOPPM: &str = "pdftoppm";

/// Page `page` of the work PDF rasterised at `dpi`, grey, as `base`.pgm.
fn rasterise(work: &Workdir, page: usize, dpi: u32, base: &Path) -> Result<PathBuf, String> {
    let mut rasterise = Command::new("pdftoppm");
    rasterise
        .arg("-r")
        .arg(dpi.to_string())
        .arg("-gray")
        .arg("-f")
        .arg(page.to_string())
        .arg("-l")
        .arg(page.to_string())
        .arg("-singlefile")
        .arg(work.pdf()?)
        .arg(base);
    run(rasterise, "pdftoppm")?;
    Ok(base.with_extension("pgm"))
}

/// Reads one image with Tesseract (one thread), asking for its word boxes
/// (`tsv`), from which [`super::layout`] lays out the text and the mean
/// confidence is taken. `dpi` is the image's resolution (`--dpi`: a PGM
/// carries none, a JPEG's own may be wrong). `out_base` gets `.tsv`.
pub fn read_image(
    image: &Path,
    out_base: &Path,
    language: &str,
    dpi: u32,
) -> Result<PageText, String> {
    let mut tesseract = Command::new("tesseract");
    tesseract
        .env("OMP_THREAD_LIMIT", "1")
        .arg(image)
        .arg(out_base)
        .arg("-l")
        .arg(language)
        .arg("--psm")
        .arg("3")
        .arg("--dpi")
        .arg(dpi.to_string())
        .arg("tsv");
    run(tesseract, "tesseract")?;
    let tsv = out_base.with_extension("tsv");
    let table = std::fs::read(&tsv).map_err(|e| format!("tesseract wrote no output: {e}"))?;
    let _ = std::fs::remove_file(&tsv);
    let table = String::from_utf8_lossy(&table);
    let (confidence, words) = mean_confidence(&table);
    let text = super::layout::text(&super::layout::words(&table));
    Ok(PageText {
        text: tidy_text(&text),
        confidence,
        words,
    })
}

/// Page text without form feeds (they separate pages) and trailing
/// blanks, with runs of blank lines cut to one.
pub fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.replace('\u{c}', "\n").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// The mean confidence of the words of a Tesseract TSV (level-5 rows with
/// text and a confidence ≥ 0), and how many words there were.
pub fn mean_confidence(tsv: &str) -> (f64, usize) {
    let (mut sum, mut n) = (0.0, 0);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" || cols[11].trim().is_empty() {
            continue;
        }
        if let Ok(conf) = cols[10].parse::<f64>() {
            if conf >= 0.0 {
                sum += conf;
                n += 1;
            }
        }
    }
    (if n == 0 { 0.0 } else { sum / n as f64 }, n)
}

/// Runs a tool to its end within [`PAGE_TIMEOUT`]; its output is ignored
/// except for the error text on failure.
fn run(mut command: Command, name: &str) -> Result<(), String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    use std::io::Read;
                    let _ = stderr.read_to_string(&mut err);
                }
                let err: String = err.lines().last().unwrap_or("").chars().take(200).collect();
                return Err(format!("{name} failed ({status}): {err}"));
            }
            Ok(None) if started.elapsed() > PAGE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name} took longer than {} s; stopped",
                    PAGE_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("{name}: {e}")),
        }
    }
}

/// A temporary folder for the pages of the PDF being OCR'd; removed on
/// drop. The PDF itself is written there only when a page is rasterised
/// (pages read from their own image need no copy of a file that may be
/// tens of megabytes).
pub struct Workdir<'a> {
    dir: PathBuf,
    bytes: &'a [u8],
    pdf: std::sync::OnceLock<Result<PathBuf, String>>,
}

impl<'a> Workdir<'a> {
    /// A fresh temporary folder for the PDF `bytes`.
    pub fn new(bytes: &'a [u8]) -> std::io::Result<Workdir<'a>> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ratsindex-ocr-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Workdir {
            dir,
            bytes,
            pdf: std::sync::OnceLock::new(),
        })
    }

    /// The PDF's path in the folder, written on first use.
    fn pdf(&self) -> Result<&Path, String> {
        self.pdf
            .get_or_init(|| {
                let path = self.dir.join("source.pdf");
                std::fs::write(&path, self.bytes)
                    .map(|()| path)
                    .map_err(|e| format!("cannot write the PDF for pdftoppm: {e}"))
            })
            .as_ref()
            .map(PathBuf::as_path)
            .map_err(Clone::clone)
    }
}

impl Drop for Workdir<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One of the process's OCR places: at most one Tesseract per core runs
/// at a time, however many files are read in parallel.
struct Slot;

static SLOTS: LazyLock<(Mutex<usize>, Condvar)> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (Mutex::new(cores), Condvar::new())
});

impl Slot {
    fn take() -> Slot {
        let (free, wake) = &*SLOTS;
        let mut free = free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = wake.wait(free).unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (free, wake) = &*SLOTS;
        *free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        wake.notify_one();
    }
}

static PAGES_READ: AtomicU64 = AtomicU64::new(0);

/// Pages Tesseract has read in this process (cached pages not counted):
/// the difference over a run says how many pages it really OCR'd.
pub fn pages_read() -> u64 {
    PAGES_READ.load(Ordering::Relaxed)
}

static WARNED_MISSING: AtomicBool = AtomicBool::new(false);
static WARNED_CACHE: AtomicBool = AtomicBool::new(false);

/// Says once per process on stderr that OCR cannot run.
pub fn warn_missing_once(why: &str) {
    if !WARNED_MISSING.swap(true, Ordering::Relaxed) {
        eprintln!(
            "ratsindex: warning: OCR is not available ({why}); scanned pages are indexed \
             without text and listed as needing OCR"
        );
    }
}

/// Says once per process that the OCR cache cannot be written.
pub fn warn_cache_once(dir: &Path, error: &std::io::Error) {
    if !WARNED_CACHE.swap(true, Ordering::Relaxed) {
        eprintln!(
            "ratsindex: warning: cannot write the OCR cache in {}: {error}",
            dir.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_the_mean_of_word_rows() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t5\t5\t90\tDrucksache\n\
            5\t1\t1\t1\t1\t2\t0\t0\t5\t5\t70\t53/2025\n\
            5\t1\t1\t1\t1\t3\t0\t0\t5\t5\t95\t \n";
        assert_eq!(mean_confidence(tsv), (80.0, 2));
        assert_eq!(mean_confidence(""), (0.0, 0));
    }

    #[test]
    fn tidy_text_drops_form_feeds_and_blank_runs() {
        assert_eq!(tidy_text("a  \n\n\n\nb\n\u{c}"), "a\n\nb");
    }
}
