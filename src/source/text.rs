//! The text reader: bytes of a `.txt`/`.md` file to pages of text.
//!
//! Encodings found in council archives: UTF-8 (with or without BOM),
//! UTF-16 with BOM, and the single-byte Windows-1252 / ISO-8859-1 /
//! ISO-8859-15 family of older files. Form feeds split pages. Input that is
//! not text (NUL bytes, many control characters) is an error.

use encoding_rs::{Encoding, ISO_8859_15, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{Format, RawDocument};

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes look like a binary file.
    #[error("not a text file: {0}")]
    Binary(String),
    /// The file is empty or only whitespace.
    #[error("file has no text")]
    Empty,
}

/// Reads text bytes into pages split at form feeds.
pub fn read(bytes: &[u8]) -> Result<RawDocument, DecodeError> {
    let (text, _encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(RawDocument {
        format: Format::Text,
        pages: split_pages(text),
        paged: false,
        warnings: Vec::new(),
        links: Vec::new(),
    })
}

/// Splits text at form feeds; a trailing form feed does not make an empty
/// page.
pub fn split_pages(text: String) -> Vec<String> {
    if !text.contains('\u{c}') {
        // One page: the text itself, not a copy (a text file may be huge).
        return vec![text];
    }
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    while pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Decodes bytes, detecting the encoding. Returns the text and the name of
/// the encoding used.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors && encoding == encoding_rs::UTF_8 {
            // A UTF-8 BOM on a file that is not UTF-8 after all: fall
            // through to detection on the bytes after the BOM.
            return decode_unmarked(body);
        }
        check_textlike(&text)?;
        return Ok((text.into_owned(), encoding.name()));
    }
    if let Some(encoding) = sniff_utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        check_textlike(&text)?;
        return Ok((text.into_owned(), encoding.name()));
    }
    decode_unmarked(bytes)
}

fn decode_unmarked(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        check_textlike(text)?;
        return Ok((text.to_owned(), "UTF-8"));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary(
            "contains NUL bytes and is not valid UTF-8".into(),
        ));
    }
    let encoding = single_byte_encoding(bytes);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    check_textlike(&text)?;
    Ok((text.into_owned(), encoding.name()))
}

/// Chooses between Windows-1252 and ISO-8859-15 for 8-bit text. Both agree
/// on umlauts and `§`; they differ in 0x80 (`€` in Windows-1252, a control
/// character in Latin-9) and 0xA4 (`¤` vs `€`). A file that uses 0xA4 next
/// to digits or spaces and never 0x80 is Latin-9; everything else is read as
/// Windows-1252, which is a superset of ISO-8859-1's printable characters.
fn single_byte_encoding(bytes: &[u8]) -> &'static Encoding {
    let uses_0x80 = bytes.contains(&0x80);
    let euro_like_a4 = bytes.windows(2).any(|w| {
        (w[1] == 0xA4 && (w[0].is_ascii_digit() || w[0] == b' '))
            || (w[0] == 0xA4 && (w[1].is_ascii_digit() || w[1] == b' '))
    });
    if euro_like_a4 && !uses_0x80 {
        ISO_8859_15
    } else {
        WINDOWS_1252
    }
}

/// UTF-16 without BOM shows as every other byte NUL in ASCII-heavy text.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nul * 10 >= pairs * 9 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Rejects decoded text that is mostly control characters (a binary file
/// that happens to decode, or whose first bytes held a `<meta charset>`).
pub(super) fn check_textlike(text: &str) -> Result<(), DecodeError> {
    const CHARS: usize = 64 * 1024;
    // The first CHARS characters: the whole text when it has no more bytes.
    let head = if text.len() > CHARS {
        text.char_indices()
            .nth(CHARS)
            .map_or(text, |(end, _)| &text[..end])
    } else {
        text
    };
    let total = head.chars().count();
    // Control characters (U+0000–U+001F, U+007F–U+009F) but line ends,
    // tabs and form feeds, counted by their bytes: the C1 controls are
    // 0xC2 0x80–0x9F in UTF-8.
    let bytes = head.as_bytes();
    let control = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| match b {
            b'\n' | b'\r' | b'\t' | 0x0C => false,
            0x00..=0x1F | 0x7F => true,
            0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
            _ => false,
        })
        .count();
    if total > 0 && control * 100 > total {
        return Err(DecodeError::Binary(format!(
            "{control} of the first {total} characters are control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_counted_as_chars_would_count_them() {
        let by_chars = |text: &str| {
            let head: Vec<char> = text.chars().take(64 * 1024).collect();
            let control = head
                .iter()
                .filter(|&&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                .count();
            control * 100 > head.len()
        };
        let long = format!("{}{}", "ä".repeat(64 * 1024), "\u{1}".repeat(5000));
        let texts = [
            "plain text\n\twith\r\n\u{c}page",
            "\u{0}\u{1}\u{7f} x",
            "\u{80}\u{9f}\u{a0}\u{85} Größe",
            "ok\u{1}",
            &long,
            "",
        ];
        for text in texts {
            assert_eq!(check_textlike(text).is_err(), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, enc) = decode("Größe §3 €".as_bytes()).unwrap();
        assert_eq!((t.as_str(), enc), ("Größe §3 €", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Ausländerbeirat".as_bytes());
        assert_eq!(decode(&bom).unwrap().0, "Ausländerbeirat");
    }

    #[test]
    fn windows_1252_umlauts_paragraph_and_euro() {
        // "Gebühr § 5: 12 €" in Windows-1252.
        let bytes = b"Geb\xfchr \xa7 5: 12 \x80, \xc4mter";
        let (t, enc) = decode(bytes).unwrap();
        assert_eq!(t, "Gebühr § 5: 12 €, Ämter");
        assert_eq!(enc, "windows-1252");
    }

    #[test]
    fn latin9_euro_sign() {
        let (t, enc) = decode(b"Kosten: 500 \xa4 f\xfcr Stra\xdfen").unwrap();
        assert_eq!(t, "Kosten: 500 € für Straßen");
        assert_eq!(enc, "ISO-8859-15");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Ö-Rat".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "Ö-Rat");
    }

    #[test]
    fn binary_is_an_error() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        assert!(matches!(decode(&bytes), Err(DecodeError::Binary(_))));
        assert!(matches!(
            decode(b"\x01\x02\x03\x04\x05\x06abc"),
            Err(DecodeError::Binary(_))
        ));
    }

    #[test]
    fn empty_is_an_error_and_pages_split_at_form_feed() {
        assert_eq!(read(b"  \n ").unwrap_err(), DecodeError::Empty);
        let doc = read(b"Seite 1\x0cSeite 2\x0c").unwrap();
        assert_eq!(doc.pages, vec!["Seite 1", "Seite 2"]);
    }
}
