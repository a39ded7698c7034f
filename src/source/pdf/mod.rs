//! The PDF reader: from a file's bytes to one string of text per page.
//!
//! Stages, each in its own module:
//!
//! 1. **load** (here): lopdf parses the file, repairing broken xref tables
//!    where it can, and decrypts files whose user password is empty;
//! 2. [`content`]: each page's content streams, read into operations by
//!    [`lexer`], run through a small interpreter that places every glyph
//!    on the page;
//! 3. [`fonts`]: what the bytes of a string mean (encodings,
//!    `/Differences`, ToUnicode CMaps, CID fonts) and how wide glyphs are;
//! 4. [`layout`]: glyphs become words, lines (top to bottom) and
//!    tab-separated table columns;
//! 5. [`furniture`]: running headers, footers and page numbers go.
//!
//! Hostile or broken files end in a [`PdfError`], never a crash: every
//! stream is inflated under a per-stream and a per-document cap, a
//! document has a time budget, Form XObjects nest to a bounded depth, and a
//! panic inside lopdf is caught.

pub mod content;
pub mod fonts;
pub mod furniture;
pub mod layout;
pub mod lexer;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use lopdf::{Document, LoadOptions};

use super::{Format, RawDocument};

/// Limits that protect a bulk import from hostile PDFs.
#[derive(Clone, Debug)]
pub struct PdfLimits {
    /// Most bytes one stream may inflate to.
    pub max_stream_bytes: usize,
    /// Most bytes all inflated streams of one document may add up to.
    pub max_document_bytes: usize,
    /// Wall-clock time one document may take.
    pub time_budget: Duration,
    /// How deep Form XObjects may nest inside each other.
    pub max_form_depth: usize,
    /// Most glyphs kept per page; the rest of a page is skipped.
    pub max_glyphs_per_page: usize,
    /// Most bytes of text kept per document; later pages are skipped.
    pub max_text_bytes: usize,
}

impl Default for PdfLimits {
    fn default() -> PdfLimits {
        PdfLimits {
            max_stream_bytes: 64 * 1024 * 1024,
            max_document_bytes: 256 * 1024 * 1024,
            time_budget: Duration::from_secs(30),
            max_form_depth: 12,
            max_glyphs_per_page: 500_000,
            max_text_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// lopdf could not parse the file.
    #[error("cannot parse PDF: {0}")]
    Parse(String),
    /// The file is encrypted with a password we do not have.
    #[error("PDF is encrypted with a user password (only files that open without one are read)")]
    Encrypted,
    /// The document has no pages.
    #[error("PDF has no pages")]
    NoPages,
    /// A stream or the document inflated past a limit.
    #[error("{what} inflates to more than {limit} bytes (limit; decompression bomb?)")]
    TooLarge {
        /// "a stream" or "the document".
        what: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// A stream could not be decoded.
    #[error("cannot decode stream: {0}")]
    Stream(String),
    /// Reading took longer than the time budget.
    #[error("reading took longer than the time budget of {seconds} s")]
    Timeout {
        /// The budget in seconds.
        seconds: u64,
    },
    /// lopdf panicked on this file.
    #[error("the PDF library crashed on this file: {0}")]
    Panic(String),
}

/// The running account of one document against its [`PdfLimits`].
#[derive(Debug)]
pub struct Budget {
    started: Instant,
    limits: PdfLimits,
    inflated: usize,
}

impl Budget {
    /// Starts the clock.
    pub fn new(limits: &PdfLimits) -> Budget {
        Budget {
            started: Instant::now(),
            limits: limits.clone(),
            inflated: 0,
        }
    }

    /// Fails once the time budget is spent.
    pub fn check_time(&self) -> Result<(), PdfError> {
        if self.started.elapsed() > self.limits.time_budget {
            return Err(PdfError::Timeout {
                seconds: self.limits.time_budget.as_secs(),
            });
        }
        Ok(())
    }

    /// How deep Form XObjects may nest.
    pub fn max_form_depth(&self) -> usize {
        self.limits.max_form_depth
    }

    /// Most glyphs kept per page.
    pub fn max_glyphs_per_page(&self) -> usize {
        self.limits.max_glyphs_per_page
    }

    /// Inflates a stream under the per-stream and per-document caps.
    pub fn decompress(&mut self, stream: &lopdf::Stream) -> Result<Vec<u8>, PdfError> {
        self.check_time()?;
        let left = self.limits.max_document_bytes.saturating_sub(self.inflated);
        let (cap, what, limit) = if left < self.limits.max_stream_bytes {
            (left, "the document", self.limits.max_document_bytes)
        } else {
            (
                self.limits.max_stream_bytes,
                "a stream",
                self.limits.max_stream_bytes,
            )
        };
        let bytes = stream
            .get_plain_content_with_limit(cap)
            .map_err(|e| match e {
                lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                }) => PdfError::TooLarge { what, limit },
                e => PdfError::Stream(e.to_string()),
            })?;
        self.inflated += bytes.len();
        Ok(bytes)
    }
}

/// Reads a PDF's text page by page, without running headers, footers and
/// page numbers.
pub fn read(bytes: &[u8], limits: &PdfLimits) -> Result<RawDocument, PdfError> {
    read_guarded(bytes, limits, true)
}

/// Reads a PDF's text page by page with everything printed on the pages,
/// page furniture included (for comparing with other extractors).
pub fn read_all_text(bytes: &[u8], limits: &PdfLimits) -> Result<RawDocument, PdfError> {
    read_guarded(bytes, limits, false)
}

fn read_guarded(bytes: &[u8], limits: &PdfLimits, strip: bool) -> Result<RawDocument, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes, limits, strip))) {
        Ok(result) => result,
        Err(panic) => Err(PdfError::Panic(
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string()),
        )),
    }
}

fn read_unguarded(
    bytes: &[u8],
    limits: &PdfLimits,
    strip_furniture: bool,
) -> Result<RawDocument, PdfError> {
    let mut budget = Budget::new(limits);
    let (doc, damaged) = load(bytes, limits)?;
    budget.check_time()?;
    let mut out = RawDocument {
        format: Format::Pdf,
        paged: true,
        ..RawDocument::default()
    };
    out.warnings.extend(damaged.clone());
    let listed: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut page_ids: Vec<lopdf::ObjectId> = listed
        .iter()
        .copied()
        .filter(|id| doc.get_dictionary(*id).is_ok())
        .collect();
    if page_ids.len() < listed.len() && !page_ids.is_empty() {
        out.warnings.push(format!(
            "{} of {} pages are missing from the file",
            listed.len() - page_ids.len(),
            listed.len()
        ));
    }
    if page_ids.is_empty() {
        // A damaged or cut-off page tree: the pages may still be there.
        page_ids = loose_pages(&doc);
        if page_ids.is_empty() {
            return Err(match damaged {
                Some(why) => PdfError::Parse(format!("{why}, but no page could be recovered")),
                None => PdfError::NoPages,
            });
        }
        out.warnings.push(format!(
            "the page tree is damaged; {} pages found by scanning the file (order may differ)",
            page_ids.len()
        ));
    }
    let page_count = page_ids.len();
    let mut cache = content::Cache::default();
    let mut pages = Vec::with_capacity(page_ids.len());
    let (mut unmapped, mut mapped, mut text_bytes) = (0, 0, 0);
    let mut image_only = Vec::new();
    for (n, id) in page_ids.into_iter().enumerate() {
        budget.check_time()?;
        let mut warnings = Vec::new();
        let glyphs = content::page_glyphs(&doc, id, &mut cache, &mut budget, &mut warnings)?;
        for w in warnings {
            out.warnings.push(format!("page {}: {w}", n + 1));
        }
        unmapped += glyphs.unmapped;
        mapped += glyphs.glyphs.len();
        if glyphs.glyphs.is_empty() && glyphs.images > 0 {
            image_only.push(n + 1);
        }
        let lines = layout::page_lines(&glyphs);
        text_bytes += lines.iter().map(|l| l.len() + 1).sum::<usize>();
        pages.push(lines);
        if text_bytes > limits.max_text_bytes {
            out.warnings.push(format!(
                "text longer than {} bytes; pages after page {} were not read",
                limits.max_text_bytes,
                n + 1
            ));
            break;
        }
    }
    // Pages not read (text limit) stay as empty pages: the count is true.
    pages.resize(page_count, Vec::new());
    if strip_furniture {
        furniture::strip(&mut pages);
    }
    out.pages = pages.into_iter().map(|lines| lines.join("\n")).collect();
    if out.pages.iter().all(|p| p.trim().is_empty()) {
        out.warnings.push(
            "PDF has no text layer (scanned?); no text extracted, the paper needs OCR".into(),
        );
    } else if !image_only.is_empty() {
        out.warnings.push(format!(
            "pages without a text layer (images only): {}",
            image_only
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // A few unmapped codes (bullets, control codes) are common; many mean
    // text is missing.
    if unmapped * 20 > unmapped + mapped {
        out.warnings.push(format!(
            "{unmapped} glyphs have no Unicode mapping in their font and were left out"
        ));
    }
    Ok(out)
}

/// Page objects found without the page tree, in object order.
fn loose_pages(doc: &Document) -> Vec<lopdf::ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"Page")
            })
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Parses the file; decrypts it when the user password is empty (lopdf
/// tries the empty password while loading). A file that lopdf cannot read
/// even with its own xref repair, typically a download that broke off
/// before the trailer, gets a trailer appended and one more try.
fn load(bytes: &[u8], limits: &PdfLimits) -> Result<(Document, Option<String>), PdfError> {
    let options = || LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options()) {
        Ok(doc) => (doc, None),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(PdfError::TooLarge {
                what: "a stream",
                limit: limits.max_stream_bytes,
            })
        }
        Err(lopdf::Error::InvalidPassword) => return Err(PdfError::Encrypted),
        Err(e) => {
            let repaired = recovery_trailer(bytes).and_then(|trailer| {
                let mut patched = bytes.to_vec();
                patched.extend_from_slice(&trailer);
                let options = LoadOptions {
                    force_reconstruct: true,
                    ..options()
                };
                Document::load_mem_with_options(&patched, options).ok()
            });
            match repaired {
                Some(doc) if !doc.objects.is_empty() => {
                    (doc, Some(format!("the file is damaged or cut off ({e})")))
                }
                _ => return Err(PdfError::Parse(e.to_string())),
            }
        }
    };
    if doc.0.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    Ok(doc)
}

static OBJECT_HEADER: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?-u)(\d{1,10})\s+(\d{1,5})\s+obj\b").expect("valid pattern")
});
static CATALOG: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"/Type\s*/Catalog\b").expect("valid pattern"));
static PAGES: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"/Type\s*/Pages\b").expect("valid pattern"));

/// A trailer for a file that has lost its own: pointing at the catalog
/// found in the file, or at a new catalog over the root of the page tree.
/// `None` when neither is there.
fn recovery_trailer(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut catalog = None;
    let mut pages = None;
    let mut max_id = 0u64;
    for caps in OBJECT_HEADER.captures_iter(bytes) {
        let number = |i: usize| -> Option<u64> {
            std::str::from_utf8(caps.get(i)?.as_bytes())
                .ok()?
                .parse()
                .ok()
        };
        let (Some(id), Some(generation)) = (number(1), number(2)) else {
            continue;
        };
        max_id = max_id.max(id);
        let start = caps.get(0).map_or(0, |m| m.end());
        let head = &bytes[start..bytes.len().min(start + 1024)];
        let head = head
            .windows(6)
            .position(|w| w == b"endobj" || w == b"stream")
            .map_or(head, |end| &head[..end]);
        if catalog.is_none() && CATALOG.is_match(head) {
            catalog = Some((id, generation));
        } else if pages.is_none()
            && PAGES.is_match(head)
            && !head.windows(7).any(|w| w == b"/Parent")
        {
            pages = Some((id, generation));
        }
    }
    let trailer = match (catalog, pages) {
        (Some((id, generation)), _) => format!(
            "\ntrailer\n<</Root {id} {generation} R/Size {}>>\n%%EOF\n",
            max_id + 1
        ),
        (None, Some((id, generation))) => {
            let new = max_id + 1;
            format!(
                "\n{new} 0 obj\n<</Type/Catalog/Pages {id} {generation} R>>\nendobj\n\
                 trailer\n<</Root {new} 0 R/Size {}>>\n%%EOF\n",
                new + 1
            )
        }
        (None, None) => return None,
    };
    Some(trailer.into_bytes())
}
