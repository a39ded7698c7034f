//! OCR: the text of scanned PDF pages, read by Tesseract.
//!
//! Runs after the PDF reader, on its [`RawDocument`]: a page without a
//! usable text layer ([`needs_ocr`]: no text, or only a few words over an
//! image, such as a scan with a stamp) is read by `tesseract` ([`engine`]),
//! and its text replaces what the reader found. Tesseract gets the page's
//! own image where the page is one full-page JPEG or Flate image and
//! nothing else ([`embedded`]); any other page is rasterised by poppler's
//! `pdftoppm` (grey, at the scan image's own resolution unless
//! [`OcrSettings::dpi`] says otherwise). `RATSINDEX_OCR_RASTERISE=1` in
//! the environment sends every page to `pdftoppm` (for benchmarks and
//! comparisons). Pages run in
//! parallel, at most one Tesseract per core for the whole process (each
//! with one thread, `OMP_THREAD_LIMIT=1`). Each page's result is kept in
//! a [`cache`] keyed by the file's hash and the settings, so a file is
//! never OCR'd twice.
//!
//! What was done goes into the record's [`OcrInfo`]: the pages OCR'd,
//! their mean word confidence, and the pages that needed OCR but did not
//! get it (`--ocr never`, or Tesseract missing: then the run warns once
//! and goes on).

pub mod cache;
pub mod clock;
pub mod embedded;
pub mod engine;
pub mod layout;
pub mod scan;

use std::path::PathBuf;

use super::{RawDocument, Source};
use crate::record::{Format, OcrInfo};

/// When pages are OCR'd.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without a usable text layer.
    #[default]
    Auto,
    /// Every page of every PDF, whatever its text layer.
    Always,
    /// None; pages without text are listed in `ocr.needed`.
    Never,
}

impl OcrMode {
    /// The mode's name as the command line spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

/// How OCR runs.
#[derive(Clone, Debug)]
pub struct OcrSettings {
    /// When pages are OCR'd.
    pub mode: OcrMode,
    /// Tesseract language(s), `+`-separated ("deu", "deu+eng").
    pub language: String,
    /// Resolution pages are rasterised at; `None`: a scanned page at its
    /// image's own resolution (so Tesseract reads the pixels the scanner
    /// made, and large headings are not blown up past what its layout
    /// analysis takes for text), other pages at [`DEFAULT_DPI`].
    pub dpi: Option<u32>,
    /// Where page results are cached (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
}

impl Default for OcrSettings {
    fn default() -> OcrSettings {
        OcrSettings {
            mode: OcrMode::Auto,
            language: "deu".into(),
            dpi: None,
            cache_dir: None,
        }
    }
}

/// A page with fewer words than this has no usable text layer if it shows
/// an image (a scan with a stamp or a few header words).
pub const FEW_WORDS: usize = 25;

/// Resolution for pages without a scan image (or whose image resolution
/// cannot be told).
pub const DEFAULT_DPI: u32 = 300;

/// Image resolutions outside this range are not a scan's: such pages are
/// read at [`DEFAULT_DPI`].
pub const NATIVE_DPI: std::ops::RangeInclusive<u32> = 100..=600;

/// The name of the cache folder inside an index folder.
pub const CACHE_DIR_NAME: &str = "ocr-cache";

/// What OCR did to one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OcrResult {
    /// The facts for the record of the whole file.
    pub info: OcrInfo,
    /// Per OCR'd page: page (1-based), mean confidence, words.
    pub per_page: Vec<(u32, f64, usize)>,
}

impl OcrResult {
    /// The facts for the pages `first..=last` (1-based) only, as the
    /// record of one paper of a bundle has them.
    pub fn for_pages(&self, first: u32, last: u32) -> OcrInfo {
        let within = |p: &u32| (first..=last).contains(p);
        let own: Vec<&(u32, f64, usize)> =
            self.per_page.iter().filter(|(p, _, _)| within(p)).collect();
        let words: usize = own.iter().map(|(_, _, w)| w).sum();
        let weighted: f64 = own.iter().map(|(_, c, w)| c * *w as f64).sum();
        OcrInfo {
            pages: own.iter().map(|(p, _, _)| *p).collect(),
            mean_confidence: (!own.is_empty()).then(|| round1(weighted / words.max(1) as f64)),
            needed: self.info.needed.iter().copied().filter(within).collect(),
            engine: self.info.engine.clone().filter(|_| !own.is_empty()),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Reads the pages of a PDF that need it by OCR, in place, and says what
/// was done. Other formats are left alone.
pub fn apply(source: &Source, raw: &mut RawDocument, settings: &OcrSettings) -> OcrResult {
    let mut result = OcrResult::default();
    if raw.format != Format::Pdf {
        return result;
    }
    // lopdf reads the file a second time only where some page may need
    // OCR.
    let some_few = raw.pages.iter().any(|p| word_count(p) < FEW_WORDS);
    let doc = (settings.mode == OcrMode::Always || some_few)
        .then(|| load_pdf(&source.bytes))
        .flatten();
    let images = doc.as_ref().map(page_images);
    let wanted = pages_to_ocr(raw, images.as_deref(), settings.mode);
    if wanted.is_empty() {
        return result;
    }
    if settings.mode == OcrMode::Never {
        result.info.needed = wanted.iter().map(|&p| p as u32).collect();
        raw.warnings.push(format!(
            "pages without a usable text layer were not OCR'd (--ocr never): {}",
            page_list(&result.info.needed)
        ));
        return result;
    }
    let engine = match engine::Engine::get(&settings.language) {
        Ok(engine) => engine,
        Err(why) => {
            engine::warn_missing_once(&why);
            result.info.needed = wanted.iter().map(|&p| p as u32).collect();
            raw.warnings.push(format!(
                "pages without a usable text layer need OCR, which could not run ({why}): {}",
                page_list(&result.info.needed)
            ));
            return result;
        }
    };
    let _timing = clock::start();
    let own_images = doc
        .as_ref()
        .map(|doc| embedded_images(doc, &wanted, settings))
        .unwrap_or_default();
    drop(doc);
    let key = cache::Key::new(&source.sha256, engine, settings);
    let work = match engine::Workdir::new(&source.bytes) {
        Ok(work) => work,
        Err(e) => {
            result.info.needed = wanted.iter().map(|&p| p as u32).collect();
            raw.warnings.push(format!(
                "OCR could not start (temporary files: {e}); pages not read: {}",
                page_list(&result.info.needed)
            ));
            return result;
        }
    };
    let read = |page: usize| {
        let own = own_images.get(&page);
        // Only a result made from the same input is taken: the own image,
        // or pdftoppm's raster where that image failed (so a re-run does
        // not try it again); pdftoppm's alone where the page has none.
        let methods = match own {
            Some(own) => vec![own.method(), own.fallback_method()],
            None => vec![engine::METHOD_PDFTOPPM],
        };
        let cached = settings.cache_dir.as_deref().and_then(|dir| {
            methods
                .iter()
                .find_map(|method| cache::load(dir, &key, page, method))
        });
        match cached {
            Some(text) => Ok(text),
            None => {
                let dpi = settings
                    .dpi
                    .unwrap_or_else(|| native_dpi(images.as_deref(), page));
                let result = engine.read_page(&work, page, own, dpi, settings);
                if let (Ok((text, method)), Some(dir)) = (&result, settings.cache_dir.as_deref()) {
                    if let Err(e) = cache::store(dir, &key, page, method, text) {
                        engine::warn_cache_once(dir, &e);
                    }
                }
                result.map(|(text, _)| text)
            }
        }
    };
    let pages = on_own_threads(&wanted, read);
    let (mut words, mut weighted) = (0usize, 0.0f64);
    for (page, read) in pages {
        match read {
            Ok(text) => {
                if let Some(slot) = raw.pages.get_mut(page - 1) {
                    *slot = text.text;
                }
                result.info.pages.push(page as u32);
                result
                    .per_page
                    .push((page as u32, text.confidence, text.words));
                words += text.words;
                weighted += text.confidence * text.words as f64;
            }
            Err(why) => {
                result.info.needed.push(page as u32);
                raw.warnings.push(format!("page {page}: OCR failed: {why}"));
            }
        }
    }
    if !result.info.pages.is_empty() {
        result.info.mean_confidence = Some(round1(weighted / words.max(1) as f64));
        let dpi = settings
            .dpi
            .map_or("scan resolution".to_string(), |d| format!("{d} dpi"));
        result.info.engine = Some(format!("{}, {}, {dpi}", engine.version, settings.language));
        // The reader's "no text layer" warnings are answered now.
        raw.warnings.retain(|w| {
            !(w.starts_with("PDF has no text layer") || w.starts_with("pages without a text layer"))
        });
        raw.warnings.push(format!(
            "text of pages {} read by OCR (mean confidence {:.1})",
            page_list(&result.info.pages),
            result.info.mean_confidence.unwrap_or(0.0)
        ));
    }
    result
}

/// `read` applied to every page, on threads of OCR's own (one per core,
/// at most one per page), results in page order. Not on rayon's pool:
/// the callers (`extract`'s files) may hold every thread of that pool
/// while they wait for this, and the pages would never run.
fn on_own_threads<T: Send>(pages: &[usize], read: impl Fn(usize) -> T + Sync) -> Vec<(usize, T)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(pages.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(pages.len()));
    let work = || loop {
        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&page) = pages.get(k) else { break };
        let out = read(page);
        results
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((k, page, out));
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot start leaves its pages to the others.
            let _ = std::thread::Builder::new().spawn_scoped(scope, work);
        }
        work();
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(k, _, _)| *k);
    results
        .into_iter()
        .map(|(_, page, out)| (page, out))
        .collect()
}

/// The 1-based pages to OCR under `mode`.
fn pages_to_ocr(raw: &RawDocument, images: Option<&[PageImage]>, mode: OcrMode) -> Vec<usize> {
    let all = 1..=raw.pages.len();
    match mode {
        OcrMode::Always => all.collect(),
        OcrMode::Auto | OcrMode::Never => {
            let few: Vec<usize> = all
                .filter(|&p| word_count(&raw.pages[p - 1]) < FEW_WORDS)
                .collect();
            if few.is_empty() {
                return few;
            }
            let shown: Option<Vec<bool>> = images.map(|i| i.iter().map(|p| p.is_some()).collect());
            few.into_iter()
                .filter(|&p| needs_ocr(&raw.pages[p - 1], shown.as_deref(), p))
                .collect()
        }
    }
}

/// Whether a page with few words needs OCR: it shows an image (a page
/// without text and without an image is blank). Where the images cannot
/// be told (`None`), an empty page is OCR'd and one with some words is
/// not.
pub fn needs_ocr(text: &str, images: Option<&[bool]>, page: usize) -> bool {
    match images.and_then(|i| i.get(page - 1)) {
        Some(&has_image) => has_image,
        None => word_count(text) == 0,
    }
}

/// Words in a page's text: runs of at least two letters or digits.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .count()
}

/// What a page shows: `None` no sizeable image; `Some(dpi)` one, whose
/// resolution on the page is `dpi` (0 where it cannot be told).
pub type PageImage = Option<u32>;

/// The PDF as lopdf reads it, `None` if it cannot.
fn load_pdf(bytes: &[u8]) -> Option<lopdf::Document> {
    std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes).ok())
        .ok()
        .flatten()
}

/// For each page, whether it shows a sizeable image (an image XObject of
/// at least 200 × 200 pixels in its resources or one Form level down),
/// and at which resolution.
fn page_images(doc: &lopdf::Document) -> Vec<PageImage> {
    doc.get_pages()
        .values()
        .map(|&id| {
            let widest = doc.get_page_images(id).ok().and_then(|images| {
                images
                    .iter()
                    .filter(|i| i.width >= 200 && i.height >= 200)
                    .map(|i| i.width)
                    .max()
            });
            match widest {
                Some(pixels) => Some(image_dpi(doc, id, pixels)),
                None => form_images(doc, id).then_some(0),
            }
        })
        .collect()
}

/// The pages of `wanted` (1-based) that Tesseract can read from their
/// own image ([`embedded`]): a scan's resolution, the one asked for if
/// any (within 2%), and no `RATSINDEX_OCR_RASTERISE=1`.
fn embedded_images(
    doc: &lopdf::Document,
    wanted: &[usize],
    settings: &OcrSettings,
) -> std::collections::HashMap<usize, embedded::Embedded> {
    if std::env::var_os("RATSINDEX_OCR_RASTERISE").is_some_and(|v| v == "1") {
        return Default::default();
    }
    let ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    wanted
        .iter()
        .filter_map(|&page| {
            let image = embedded::find(doc, *ids.get(page - 1)?)?;
            let asked = settings.dpi.is_none_or(|d| {
                (f64::from(d) - f64::from(image.dpi)).abs() <= 0.02 * f64::from(image.dpi)
            });
            (asked && NATIVE_DPI.contains(&image.dpi)).then_some((page, image))
        })
        .collect()
}

/// The resolution of an image `pixels` wide that spans the page's width
/// (as a scan does), rounded to 10 dpi; 0 if the page has no width.
fn image_dpi(doc: &lopdf::Document, page: lopdf::ObjectId, pixels: i64) -> u32 {
    let width_pt = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(|b| b.as_array())
        .ok()
        .and_then(|b| {
            let num = |o: &lopdf::Object| o.as_float().ok().or(o.as_i64().ok().map(|i| i as f32));
            Some(num(b.get(2)?)? - num(b.first()?)?)
        })
        .unwrap_or(0.0);
    if width_pt <= 1.0 {
        return 0;
    }
    let dpi = pixels as f64 / (f64::from(width_pt) / 72.0);
    ((dpi / 10.0).round() * 10.0).clamp(0.0, 10_000.0) as u32
}

/// The resolution to read `page` (1-based) at when none is set: its scan
/// image's own, where that is a scan's, else [`DEFAULT_DPI`].
fn native_dpi(images: Option<&[PageImage]>, page: usize) -> u32 {
    images
        .and_then(|i| i.get(page - 1).copied().flatten())
        .filter(|dpi| NATIVE_DPI.contains(dpi))
        .unwrap_or(DEFAULT_DPI)
}

/// Whether a page's Form XObjects hold a sizeable image.
fn form_images(doc: &lopdf::Document, page: lopdf::ObjectId) -> bool {
    let Ok((resources, ids)) = doc.get_page_resources(page) else {
        return false;
    };
    let mut dicts: Vec<&lopdf::Dictionary> = resources.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    for res in dicts {
        let Ok(xobjects) = res.get(b"XObject").and_then(|o| match o {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id),
            o => o.as_dict(),
        }) else {
            continue;
        };
        for (_, value) in xobjects.iter() {
            let Ok(stream) = value
                .as_reference()
                .and_then(|id| doc.get_object(id))
                .and_then(lopdf::Object::as_stream)
            else {
                continue;
            };
            let is_form =
                stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Form");
            if !is_form {
                continue;
            }
            let inner = stream.dict.get(b"Resources").and_then(|r| match r {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id),
                r => r.as_dict(),
            });
            let Ok(inner) = inner else { continue };
            let Ok(inner_x) = inner.get(b"XObject").and_then(|o| match o {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id),
                o => o.as_dict(),
            }) else {
                continue;
            };
            for (_, v) in inner_x.iter() {
                let big = v
                    .as_reference()
                    .and_then(|id| doc.get_object(id))
                    .and_then(lopdf::Object::as_stream)
                    .is_ok_and(|s| {
                        let int = |k: &[u8]| s.dict.get(k).and_then(|o| o.as_i64()).unwrap_or(0);
                        s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image")
                            && int(b"Width") >= 200
                            && int(b"Height") >= 200
                    });
                if big {
                    return true;
                }
            }
        }
    }
    false
}

/// "1, 3, 4" for a list of pages.
fn page_list<T: ToString>(pages: &[T]) -> String {
    pages
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_two_letters_or_digits() {
        assert_eq!(word_count("OR Rössing 21.02.2023 / Anlage 4 TOP 5"), 7);
        assert_eq!(word_count("  \n "), 0);
    }

    #[test]
    fn a_page_with_few_words_needs_ocr_only_over_an_image() {
        let images = [true, false];
        assert!(needs_ocr("Anlage 4", Some(&images), 1));
        assert!(!needs_ocr("", Some(&images), 2));
        assert!(needs_ocr("", None, 1));
        assert!(!needs_ocr("Anlage 4 TOP 5", None, 1));
    }
}
