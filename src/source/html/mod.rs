//! The HTML reader: the detail pages that council information systems
//! publish (ALLRIS `vo020`, SessionNet `vo0050`, SD.NET/RIM and home-grown
//! portals) and saved web renderings of papers, turned into the same text
//! the extractors read from text files and PDFs.
//!
//! The stages, one module each:
//!
//! 1. [`charset`]: bytes to a string — byte order mark, then the page's own
//!    `<meta charset>` / `http-equiv` declaration, then detection (ALLRIS
//!    pages are often Windows-1252 / ISO-8859-1 without saying so);
//! 2. a linear guard against absurd nesting ([`depth`]), then parsing with
//!    `scraper` (html5ever, the browser-grade HTML5 parser), so
//!    malformed and truncated markup is repaired the way a browser repairs
//!    it instead of being guessed at with patterns;
//! 3. [`render`]: the DOM to lines of text — headings and paragraphs as
//!    lines, one line per table row with cells separated by a tab (the PDF
//!    reader's column convention), two-cell label/value rows as
//!    `Label: value`, list items as `- item`, checkboxes as `☒`/`☐`; portal
//!    chrome (scripts, styles, navigation, page header and footer) dropped.
//!    Links to attachment files are collected by [`attachments`] on the way.

mod attachments;
mod charset;
mod depth;
mod render;

use super::{text, Format, RawDocument};

pub use charset::Decoded;
pub use depth::MAX_DEPTH;

/// The largest HTML page this reader parses (bytes). Real detail pages are
/// well under a megabyte; saved pages with inlined images reach a few
/// megabytes. Past this the DOM alone would need gigabytes.
pub const MAX_HTML_BYTES: usize = 64 * 1024 * 1024;

/// Why an HTML page could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The bytes are not text in any encoding we know.
    #[error(transparent)]
    Decode(#[from] text::DecodeError),
    /// The page is larger than [`MAX_HTML_BYTES`].
    #[error("HTML page is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The page's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Elements nest deeper than [`MAX_DEPTH`]: no paper's page does, and
    /// building the tree would take time in proportion to the square of it.
    #[error("HTML page nests elements more than {limit} deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Nothing readable is left once markup, scripts and portal chrome are
    /// gone (an empty page, a frameset, a page that is all script).
    #[error("HTML page has no text outside markup, scripts and navigation")]
    Empty,
}

/// Reads an HTML page into one page of text plus its attachment links.
pub fn read(bytes: &[u8]) -> Result<RawDocument, HtmlError> {
    if bytes.len() > MAX_HTML_BYTES {
        return Err(HtmlError::TooLarge {
            size: bytes.len(),
            limit: MAX_HTML_BYTES,
        });
    }
    let decoded = charset::decode(bytes)?;
    if depth::exceeds(&decoded.text, MAX_DEPTH).is_some() {
        return Err(HtmlError::TooDeep { limit: MAX_DEPTH });
    }
    let page = html_to_text(&decoded.text);
    if page.text.trim().is_empty() {
        return Err(HtmlError::Empty);
    }
    Ok(RawDocument {
        format: Format::Html,
        pages: vec![page.text],
        paged: false,
        warnings: decoded.warnings,
        links: page.links,
    })
}

/// The text and attachment links of a page that is already a string.
/// Unlike [`read`], this does not check the nesting depth first.
pub fn html_to_text(html: &str) -> render::Page {
    let dom = scraper::Html::parse_document(html);
    render::render(&dom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_minimal_page() {
        let doc = read(b"<html><body><h1>Vorlage 12/2024</h1><p>Text</p></body></html>").unwrap();
        assert_eq!(doc.format, Format::Html);
        assert_eq!(doc.pages, vec!["Vorlage 12/2024\n\nText"]);
        assert!(!doc.paged);
    }

    #[test]
    fn empty_and_script_only_pages_are_errors() {
        assert!(matches!(read(b"<html></html>"), Err(HtmlError::Empty)));
        assert!(matches!(
            read(b"<script>var a = 1;</script><style>p{}</style>"),
            Err(HtmlError::Empty)
        ));
        assert!(matches!(read(b""), Err(HtmlError::Empty)));
    }

    #[test]
    fn binary_input_is_a_decode_error() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(10_000).collect();
        let err = read(&bytes).unwrap_err();
        assert!(err.to_string().contains("not a text file"), "{err}");
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let bytes = vec![b' '; MAX_HTML_BYTES + 1];
        assert!(matches!(read(&bytes), Err(HtmlError::TooLarge { .. })));
    }
}
