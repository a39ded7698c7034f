//! The HTML reader (first version): decodes the page and drops tags. To be
//! replaced by the structure-aware reader of issue 7.

use super::{text, Format, RawDocument};

/// Why an HTML page could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The bytes are not text.
    #[error(transparent)]
    Decode(#[from] text::DecodeError),
}

/// Reads an HTML page into one page of text.
pub fn read(bytes: &[u8]) -> Result<RawDocument, HtmlError> {
    let (html, _) = text::decode(bytes)?;
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
    Ok(RawDocument {
        format: Format::Html,
        pages: vec![out],
        ..RawDocument::default()
    })
}
