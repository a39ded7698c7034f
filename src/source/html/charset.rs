//! From the bytes of a page to a string, following the order browsers use:
//! a byte order mark wins; then the page's own declaration
//! (`<meta charset="…">`, `<meta http-equiv="Content-Type"
//! content="text/html; charset=…">` or an XML declaration) within the first
//! bytes; then detection ([`text::decode`]: UTF-8 when the bytes are valid
//! UTF-8, else Windows-1252 or ISO-8859-15).
//!
//! Declarations lie in two common ways, and both are caught: a page
//! declared UTF-8 whose bytes are not (an old ALLRIS template copied into a
//! new portal), and a page declared ISO-8859-1 / Windows-1252 whose bytes
//! are valid UTF-8 with umlauts (a page re-saved by an editor). The bytes
//! win, with a warning.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::text::{self, DecodeError};

/// How far into the page to look for a charset declaration. The HTML
/// standard says 1024 bytes; portals with long comment headers push the
/// `<meta>` further, so we look a little further.
const PRESCAN_BYTES: usize = 4096;

/// A page decoded to a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The page as a string.
    pub text: String,
    /// The name of the encoding used (WHATWG name, e.g. `windows-1252`).
    pub encoding: &'static str,
    /// Conflicts between declaration and bytes, worth telling the user.
    pub warnings: Vec<String>,
}

/// Decodes a page: byte order mark, declaration, detection.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if Encoding::for_bom(bytes).is_some() {
        // `text::decode` honours byte order marks (and checks for binary).
        let (text, name) = text::decode(bytes)?;
        return Ok(Decoded {
            text,
            encoding: name,
            warnings: Vec::new(),
        });
    }
    let Some(declared) = declared_encoding(bytes) else {
        return detected(bytes, Vec::new());
    };
    if declared == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => {
                text::check_textlike(text)?;
                Ok(Decoded {
                    text: text.to_owned(),
                    encoding: UTF_8.name(),
                    warnings: Vec::new(),
                })
            }
            Err(_) => detected(
                bytes,
                vec![
                    "page declares UTF-8 but is not valid UTF-8; encoding detected instead".into(),
                ],
            ),
        };
    }
    if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        let warning = format!(
            "page declares {} but is valid UTF-8; read as UTF-8",
            declared.name()
        );
        return detected(bytes, vec![warning]);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary(format!(
            "contains NUL bytes, which a {} page cannot",
            declared.name()
        )));
    }
    let (text, _) = declared.decode_without_bom_handling(bytes);
    text::check_textlike(&text)?;
    Ok(Decoded {
        text: text.into_owned(),
        encoding: declared.name(),
        warnings: Vec::new(),
    })
}

fn detected(bytes: &[u8], warnings: Vec<String>) -> Result<Decoded, DecodeError> {
    let (text, encoding) = text::decode(bytes)?;
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

/// The encoding a page declares for itself in its first bytes, if any. A
/// declared UTF-16 without a byte order mark cannot be true of bytes that
/// were read as ASCII to find it, so it counts as UTF-8 (as in browsers).
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let label = meta_charset(head).or_else(|| xml_encoding(head))?;
    let encoding = Encoding::for_label(label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    // `x-user-defined` is a browser trick for binary data; as text it is
    // Windows-1252.
    if encoding.name() == "x-user-defined" {
        return Some(encoding_rs::WINDOWS_1252);
    }
    Some(encoding)
}

/// The label in the first `<meta … charset=LABEL …>` of `head`; covers
/// both `<meta charset="x">` and the `http-equiv` form, whose `content`
/// attribute carries `charset=x`.
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let mut rest = head;
    while let Some(at) = find_ascii_ci(rest, b"<meta") {
        let tag = &rest[at..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(label) = value_after(tag, b"charset") {
            return Some(label);
        }
        rest = &rest[at + 5..];
    }
    None
}

/// The label of an XML declaration's `encoding="…"` (XHTML pages).
fn xml_encoding(head: &[u8]) -> Option<&[u8]> {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let decl = head.get(start..)?;
    if !decl.starts_with(b"<?xml") {
        return None;
    }
    let end = decl.iter().position(|&b| b == b'>').unwrap_or(decl.len());
    value_after(&decl[..end], b"encoding")
}

/// The value following `name`, `=` and an optional quote in `tag`.
fn value_after<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let at = find_ascii_ci(tag, name)?;
    let rest = &tag[at + name.len()..];
    let rest = trim_start(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest = trim_start(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[skip..]
}

/// Position of `needle` in `haystack`, ASCII case-insensitively.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_equiv_are_found() {
        let a = b"<html><head><meta charset=\"ISO-8859-1\"></head>";
        assert_eq!(declared_encoding(a).map(|e| e.name()), Some("windows-1252"));
        let b = b"<HEAD><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-15'>";
        assert_eq!(declared_encoding(b).map(|e| e.name()), Some("ISO-8859-15"));
        let c = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><html>";
        assert_eq!(declared_encoding(c).map(|e| e.name()), Some("windows-1252"));
        assert_eq!(declared_encoding(b"<meta name=x content=y><p>"), None);
        assert_eq!(declared_encoding(b"<meta charset=bogus-enc>"), None);
        assert_eq!(declared_encoding(b"<meta charset=utf-16>"), Some(UTF_8));
    }

    #[test]
    fn declared_latin1_is_read_as_windows_1252() {
        let page = b"<meta charset=iso-8859-1><p>Stra\xdfe \x80 5</p>";
        let d = decode(page).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Straße € 5"));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let d = decode(b"<p>Ausschu\xdf f\xfcr Umwelt</p>").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Ausschuß für Umwelt"));
    }

    #[test]
    fn lying_declarations_lose_to_the_bytes() {
        let d = decode("<meta charset=iso-8859-1><p>Größe</p>".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("Größe"));
        assert_eq!(d.warnings.len(), 1);
        let d = decode(b"<meta charset=utf-8><p>Gr\xf6\xdfe</p>").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Größe"));
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn bom_wins_over_declaration() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("<meta charset=windows-1252><p>Ä</p>".as_bytes());
        let d = decode(&page).unwrap();
        assert!(d.text.contains("<p>Ä</p>"));
        let mut page = vec![0xFF, 0xFE];
        for u in "<p>Öffentlich</p>".encode_utf16() {
            page.extend_from_slice(&u.to_le_bytes());
        }
        assert!(decode(&page).unwrap().text.contains("Öffentlich"));
    }

    #[test]
    fn binary_with_a_declaration_is_still_binary() {
        let mut page = b"<meta charset=windows-1252>".to_vec();
        page.extend((1u8..32).cycle().take(5000));
        assert!(matches!(decode(&page), Err(DecodeError::Binary(_))));
        let mut page = b"<meta charset=windows-1252>".to_vec();
        page.extend([0u8; 10]);
        assert!(matches!(decode(&page), Err(DecodeError::Binary(_))));
    }
}
