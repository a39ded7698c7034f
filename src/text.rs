//! The normalised text every extractor reads.
//!
//! [`Text::from_pages`] turns a reader's pages into one string with
//! uniform conventions, and keeps the offsets that extractors and
//! provenance need:
//!
//! - line ends are `\n`; pages are separated by a form feed `\u{c}`;
//! - tabs are kept: they separate table columns (Beratungsfolge, finance
//!   grid) in every reader's output;
//! - Unicode is NFC (composed umlauts), non-breaking and other exotic spaces
//!   are plain spaces, soft hyphens and zero-width characters are gone;
//! - checkbox remnants are unified: `<input type="checkbox" checked/>`,
//!   `[x]`-style marks stay as printed but HTML inputs become `☒` (ticked) and
//!   `☐` (empty), the characters PDFs and Word use;
//! - trailing spaces on lines are dropped.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The normalised text of one document with page and line offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    content: String,
    /// Byte offset where each page starts.
    page_starts: Vec<usize>,
}

/// One line of a [`Text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line's first character in [`Text::as_str`].
    pub start: usize,
    /// The line without its line end.
    pub text: &'a str,
    /// 1-based page number.
    pub page: u32,
}

impl Line<'_> {
    /// Byte range of the line in the whole text.
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

static CHECKBOX_INPUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<input\b[^<>]*?\btype\s*=\s*["']?checkbox["']?[^<>]*?/?>"#).unwrap()
});

impl Text {
    /// Normalises and joins pages.
    pub fn from_pages<S: AsRef<str>>(pages: &[S]) -> Text {
        let mut content = String::new();
        let mut page_starts = Vec::with_capacity(pages.len().max(1));
        for (i, page) in pages.iter().enumerate() {
            if i > 0 {
                content.push('\u{c}');
            }
            page_starts.push(content.len());
            normalize_page_into(page.as_ref(), &mut content);
        }
        if page_starts.is_empty() {
            page_starts.push(0);
        }
        Text {
            content,
            page_starts,
        }
    }

    /// Normalises a single string (form feeds inside it split pages).
    pub fn from_str_pages(text: &str) -> Text {
        let pages: Vec<&str> = text.split('\u{c}').collect();
        Text::from_pages(&pages)
    }

    /// The whole normalised text.
    pub fn as_str(&self) -> &str {
        &self.content
    }

    /// Consumes the text, giving the string.
    pub fn into_string(self) -> String {
        self.content
    }

    /// Number of pages.
    pub fn page_count(&self) -> u32 {
        self.page_starts.len() as u32
    }

    /// The 1-based page that contains byte offset `at`.
    pub fn page_at(&self, at: usize) -> u32 {
        self.page_starts
            .partition_point(|&start| start <= at)
            .max(1) as u32
    }

    /// The character (Unicode scalar) offset of byte offset `at`.
    pub fn char_offset(&self, at: usize) -> usize {
        let at = at.min(self.content.len());
        let mut at = at;
        while !self.content.is_char_boundary(at) {
            at -= 1;
        }
        self.content[..at].chars().count()
    }

    /// All lines, in order, across pages.
    pub fn lines(&self) -> impl Iterator<Item = Line<'_>> + '_ {
        let mut start = 0usize;
        let content = &self.content;
        std::iter::from_fn(move || {
            let rest = content.as_bytes().get(start..)?;
            let end = memchr::memchr2(b'\n', 0x0c, rest).map_or(content.len(), |i| start + i);
            let line = Line {
                start,
                text: &content[start..end],
                page: self.page_at(start),
            };
            start = end + 1;
            Some(line)
        })
    }
}

/// Appends the normalised form of one page to `out`.
fn normalize_page_into(page: &str, out: &mut String) {
    // Only a page with a tag can hold a checkbox input.
    let page = if page.contains('<') {
        CHECKBOX_INPUT.replace_all(page, |caps: &regex::Captures<'_>| {
            let tag = caps[0].to_ascii_lowercase();
            if tag.contains("checked") {
                "☒"
            } else {
                "☐"
            }
        })
    } else {
        Cow::Borrowed(page)
    };
    // Most pages are NFC already (all ASCII pages are): composing them would
    // give the same characters, only slower.
    match is_nfc_quick(page.chars()) {
        IsNormalized::Yes => clean_into(page.chars(), out),
        IsNormalized::No | IsNormalized::Maybe => clean_into(page.nfc(), out),
    }
}

/// Appends NFC characters to `out` with uniform line ends and spaces.
fn clean_into(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut line_start = out.len();
    let end_line = |out: &mut String, line_start: usize| {
        let kept = out[line_start..].trim_end_matches([' ', '\t']).len();
        out.truncate(line_start + kept);
    };
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{c}' | '\u{b}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_line(out, line_start);
                out.push('\n');
                line_start = out.len();
            }
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    end_line(out, line_start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_nbsp_soft_hyphen_and_trailing_space() {
        let t = Text::from_pages(&["Stadt\u{a0}rat \r\nVer\u{ad}waltung\t\r\nEnde"]);
        assert_eq!(t.as_str(), "Stadt rat\nVerwaltung\nEnde");
    }

    #[test]
    fn decomposed_umlauts_are_composed() {
        let t = Text::from_pages(&["A\u{308}mter f\u{fc}r Stra\u{df}en und Bu\u{308}ros"]);
        assert_eq!(t.as_str(), "Ämter für Straßen und Büros");
    }

    #[test]
    fn pages_already_nfc_come_out_as_the_composing_path_gives_them() {
        // One page NFC already (fast path), one with a decomposed umlaut
        // (composed), one with only spaces and controls to clean.
        let pages = [
            "Ämter \u{2003}für\tStraßen \r\n\r\nBüro\u{200b}s  ",
            "Bu\u{308}ro\u{a0}\u{ad}X \u{2028}y\u{7}z\n",
            " \t\r",
        ];
        let t = Text::from_pages(&pages);
        assert_eq!(
            t.as_str(),
            "Ämter  für\tStraßen\n\nBüros\u{c}Büro X\nyz\n\u{c}\n"
        );
    }

    #[test]
    fn checkbox_inputs_become_ballot_boxes() {
        let t = Text::from_pages(&[
            r#"Finanzielle Auswirkungen <input type="checkbox"/> Nein <input type="checkbox" checked="checked"/> Ja"#,
        ]);
        assert_eq!(t.as_str(), "Finanzielle Auswirkungen ☐ Nein ☒ Ja");
    }

    #[test]
    fn pages_lines_and_offsets() {
        let t = Text::from_pages(&["a\nbb", "ccc"]);
        assert_eq!(t.as_str(), "a\nbb\u{c}ccc");
        let lines: Vec<(usize, &str, u32)> = t.lines().map(|l| (l.start, l.text, l.page)).collect();
        assert_eq!(lines, vec![(0, "a", 1), (2, "bb", 1), (5, "ccc", 2)]);
        assert_eq!(t.page_count(), 2);
        let t = Text::from_pages(&["Öl\nx"]);
        assert_eq!(t.char_offset(4), 3);
    }
}
