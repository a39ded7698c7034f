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
    /// Characters before each [`CHAR_BLOCK`]-byte block of `content`, so
    /// [`Text::char_offset`] counts at most one block.
    block_chars: Vec<usize>,
}

/// Bytes per block of [`Text::char_offset`]'s index.
const CHAR_BLOCK: usize = 256;

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
        let size: usize = pages.iter().map(|p| p.as_ref().len() + 1).sum();
        let mut content = String::with_capacity(size);
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
        let block_chars = block_char_counts(&content);
        Text {
            content,
            page_starts,
            block_chars,
        }
    }

    /// The first `max_bytes` of the text (cut at the last line end of
    /// the window's second half, else at a character boundary) with the
    /// same offsets and pages; `None` when the text is not longer.
    pub fn head(&self, max_bytes: usize) -> Option<Text> {
        if self.content.len() <= max_bytes {
            return None;
        }
        let mut cut = max_bytes;
        while !self.content.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut from = cut / 2;
        while !self.content.is_char_boundary(from) {
            from += 1;
        }
        if let Some(line_end) = self.content[from..cut].rfind('\n') {
            cut = from + line_end + 1;
        }
        let content = self.content[..cut].to_string();
        let page_starts = self
            .page_starts
            .iter()
            .copied()
            .filter(|&start| start == 0 || start < cut)
            .collect();
        let block_chars = block_char_counts(&content);
        Some(Text {
            content,
            page_starts,
            block_chars,
        })
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
        let mut at = at.min(self.content.len());
        while !self.content.is_char_boundary(at) {
            at -= 1;
        }
        // Every block boundary that is not a character boundary belongs to
        // the character that started before it, counted in that block.
        let block = at / CHAR_BLOCK;
        let Some(&before) = self.block_chars.get(block) else {
            return self.content[..at].chars().count();
        };
        let mut from = block * CHAR_BLOCK;
        while !self.content.is_char_boundary(from) {
            from += 1;
        }
        before + self.content[from.min(at)..at].chars().count()
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

/// For each [`CHAR_BLOCK`]-byte block of `content`, the characters that
/// start before it.
fn block_char_counts(content: &str) -> Vec<usize> {
    let bytes = content.as_bytes();
    let mut counts = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
    let mut chars = 0;
    for block in bytes.chunks(CHAR_BLOCK) {
        counts.push(chars);
        // A character starts at every byte that is not a continuation byte.
        chars += block.iter().filter(|&&b| (b as i8) >= -0x40).count();
    }
    // The end of the text, when it ends a block.
    counts.push(chars);
    counts
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
    match is_nfc(&page) {
        IsNormalized::Yes => clean_str_into(&page, out),
        IsNormalized::No | IsNormalized::Maybe => clean_into(page.nfc(), out),
    }
}

/// `is_nfc_quick` over the characters from U+0300 on only: every
/// character below is a starter that NFC keeps as it is, and the quick
/// check starts afresh after one, so runs of higher characters can be
/// checked alone. Their UTF-8 starts with a byte from 0xCC on, which
/// German text seldom has.
fn is_nfc(page: &str) -> IsNormalized {
    let bytes = page.as_bytes();
    let mut result = IsNormalized::Yes;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| b >= 0xCC) {
        let start = at + found;
        let run: usize = page[start..]
            .chars()
            .take_while(|&c| c >= '\u{300}')
            .map(char::len_utf8)
            .sum();
        match is_nfc_quick(page[start..start + run].chars()) {
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => result = IsNormalized::Maybe,
            IsNormalized::Yes => {}
        }
        at = start + run.max(1);
    }
    result
}

/// What normalising does with one character.
enum CharRule {
    Keep,
    Drop,
    Space,
    LineEnd,
}

fn char_rule(c: char) -> CharRule {
    match c {
        '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{c}' | '\u{b}' => CharRule::LineEnd,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => CharRule::Drop,
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            CharRule::Space
        }
        c if c.is_control() && c != '\t' => CharRule::Drop,
        _ => CharRule::Keep,
    }
}

/// Whether a character starting with byte `b` may need [`char_rule`]:
/// ASCII controls and the lead bytes of U+0080–U+00BF (C2), U+2000–U+206F
/// (E2 80, E2 81), U+3000 (E3) and U+FEFF (EF). Everything else is kept.
fn may_need_rule(b: u8) -> bool {
    b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xE3 | 0xEF)
}

/// Trims trailing spaces and tabs off the line that starts at `line_start`
/// and joins letter-spaced words ("B e t r e f f :" → "Betreff:").
fn end_line(out: &mut String, line_start: usize) {
    let kept = out[line_start..].trim_end_matches([' ', '\t']).len();
    out.truncate(line_start + kept);
    if let Some(joined) = join_letter_spacing(&out[line_start..]) {
        out.truncate(line_start);
        out.push_str(&joined);
    }
}

/// The longest line [`join_letter_spacing`] looks at, in bytes.
const LETTER_SPACED_MAX_LINE: usize = 4096;

/// A line with letter-spaced words, each joined back: runs of four or more
/// one-character tokens (three of them letters) separated by single spaces
/// are one word; a wider gap stays as printed. `None` when the line has
/// no such run (the common case, found by one pass over its bytes).
fn join_letter_spacing(line: &str) -> Option<String> {
    // A printed line is far shorter: a longer one is text whose line
    // breaks were removed, and joining it would copy it token by token.
    if line.len() > LETTER_SPACED_MAX_LINE || !has_spaced_run(line.as_bytes()) {
        return None;
    }
    let tokens: Vec<&str> = line.split(' ').collect();
    let single = |t: &str| {
        let mut chars = t.chars();
        chars.next().is_some() && chars.next().is_none() && t != "\t"
    };
    let letters_in = |run: &[&str]| {
        run.iter()
            .filter(|t| t.chars().all(char::is_alphabetic))
            .count()
    };
    // Once a line shows a spaced word, shorter spaced words of two or three
    // letters on it are spaced too ("M a x   M u s t e r").
    let mut spaced_line = false;
    let mut k = 0;
    while k < tokens.len() {
        let run = tokens[k..].iter().take_while(|t| single(t)).count();
        spaced_line |= run >= 4 && letters_in(&tokens[k..k + run]) >= 3;
        k += run.max(1);
    }
    if !spaced_line {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut joined_any = false;
    // Whether the last thing written is a joined word, and the spaces
    // (empty tokens) seen since.
    let mut after_joined = false;
    let mut gap = 0;
    while i < tokens.len() {
        let run = tokens[i..].iter().take_while(|t| single(t)).count();
        let letters = letters_in(&tokens[i..i + run]);
        if run >= 4 && letters >= 3 || run >= 2 && letters == run {
            // Between two spaced words, the word gap of up to three
            // spaces is one space ("M a x   M u s t e r" → "Max Muster").
            if i > 0 {
                let spaces = if after_joined && gap <= 2 { 1 } else { gap + 1 };
                out.extend(std::iter::repeat_n(' ', spaces));
            }
            out.extend(tokens[i..i + run].iter().copied());
            joined_any = true;
            after_joined = true;
            gap = 0;
            i += run;
        } else if tokens[i].is_empty() && i > 0 {
            gap += 1;
            i += 1;
        } else {
            if i > 0 {
                out.extend(std::iter::repeat_n(' ', gap + 1));
            }
            out.push_str(tokens[i]);
            after_joined = false;
            gap = 0;
            i += 1;
        }
    }
    joined_any.then_some(out)
}

/// Whether `b` has four one-byte tokens in a row ("a b c d"), the cheap
/// test before [`join_letter_spacing`] splits the line: only the spaces
/// are visited (letters outside ASCII are caught when ASCII ones stand
/// among them).
fn has_spaced_run(b: &[u8]) -> bool {
    // A one-byte token ends at each space of a run: "x_" where the byte
    // before x is a space or the line's start.
    let mut run = 0;
    let mut last_end = usize::MAX;
    for space in memchr::memchr_iter(b' ', b) {
        let single = space >= 1
            && b[space - 1] != b' '
            && b[space - 1] != b'\t'
            && (space == 1 || b[space - 2] == b' ');
        if single && (run == 0 || last_end + 2 == space) {
            run += 1;
        } else if single {
            run = 1;
        } else {
            run = 0;
        }
        last_end = space;
        // The fourth token may end the line without a space after it.
        if run >= 4 || run == 3 && space + 2 == b.len() {
            return true;
        }
    }
    false
}

/// Appends NFC characters to `out` with uniform line ends and spaces.
fn clean_into(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut line_start = out.len();
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match char_rule(c) {
            CharRule::LineEnd => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_line(out, line_start);
                out.push('\n');
                line_start = out.len();
            }
            CharRule::Drop => {}
            CharRule::Space => out.push(' '),
            CharRule::Keep => out.push(c),
        }
    }
    end_line(out, line_start);
}

/// [`clean_into`] for a page that is NFC already: runs of characters that
/// stay as they are are copied whole.
fn clean_str_into(page: &str, out: &mut String) {
    let bytes = page.as_bytes();
    let mut line_start = out.len();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !may_need_rule(bytes[at]) {
            at += 1;
            continue;
        }
        let Some(c) = page[at..].chars().next() else {
            break;
        };
        let mut len = c.len_utf8();
        let rule = char_rule(c);
        if let CharRule::Keep = rule {
            at += len;
            continue;
        }
        out.push_str(&page[copied..at]);
        match rule {
            CharRule::LineEnd => {
                if c == '\r' && bytes.get(at + 1) == Some(&b'\n') {
                    len += 1;
                }
                end_line(out, line_start);
                out.push('\n');
                line_start = out.len();
            }
            CharRule::Space => out.push(' '),
            CharRule::Drop | CharRule::Keep => {}
        }
        at += len;
        copied = at;
    }
    out.push_str(&page[copied..]);
    end_line(out, line_start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_below_u0300_pass_the_nfc_quick_check_as_starters() {
        // What `is_nfc` relies on to check only the higher characters.
        for c in ('\0'..'\u{300}').filter(|c| !c.is_ascii()) {
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        for page in [
            "Ämter",
            "A\u{308}mter",
            "e\u{301}\u{323}x",
            "e\u{323}\u{301}x",
            "\u{1e0b}\u{323} \u{212b} ü\u{300}",
            "日本語 \u{3099}か",
        ] {
            assert_eq!(is_nfc(page), is_nfc_quick(page.chars()), "{page:?}");
        }
    }

    #[test]
    fn copying_runs_cleans_as_char_by_char_does() {
        let pages = [
            "Ämter \u{2003}für\tStraßen \r\n\r\nBüro\u{200b}s  ",
            "a\rb\r\n\u{85}c\u{b}d\u{c}e\u{2028}f\u{2029}",
            "\u{ad}\u{200c}\u{200d}\u{2060}\u{feff}x\u{a0}\u{202f}\u{205f}\u{3000}y\u{2001}\u{200a}",
            "\u{0}\u{7}\u{1f}\u{7f}\u{80}\u{9f} „Zitat“ – 5 € \u{2010}\u{206f}\u{3001}\u{fefe}",
            " \t\r",
            "",
            "end \t",
        ];
        for page in pages {
            let (mut fast, mut slow) = (String::from("x"), String::from("x"));
            clean_str_into(page, &mut fast);
            clean_into(page.chars(), &mut slow);
            assert_eq!(fast, slow, "{page:?}");
        }
    }

    #[test]
    fn char_offsets_count_characters_across_blocks() {
        // Umlauts and a 4-byte character, so block boundaries fall inside
        // characters.
        let page = "Ämter für Straßen 𝔄 – Büro\n".repeat(700);
        let t = Text::from_pages(&[page.as_str(), "Ende"]);
        let s = t.as_str();
        for at in (0..=s.len())
            .step_by(7)
            .chain([s.len(), CHAR_BLOCK, 2 * CHAR_BLOCK + 1])
        {
            let mut boundary = at.min(s.len());
            while !s.is_char_boundary(boundary) {
                boundary -= 1;
            }
            assert_eq!(t.char_offset(at), s[..boundary].chars().count(), "at {at}");
        }
    }

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
    fn letter_spaced_words_are_joined() {
        let t = Text::from_str_pages(
            "B E S C H L U S S V O R L A G E\nB e t r e f f :  N e u b a u\nM a x   M u s t e r\n",
        );
        assert_eq!(
            t.as_str(),
            "BESCHLUSSVORLAGE\nBetreff: Neubau\nMax Muster\n"
        );
        // A wide gap between two spaced words is a column gap and stays.
        assert_eq!(
            Text::from_str_pages("N a m e      W e r t\n").as_str(),
            "Name      Wert\n"
        );
        // Single letters that are not a spaced word stay as printed.
        for kept in [
            "ö nö Ergebnis",
            "x x",
            "1 2 3 4 5",
            "Punkt a b c",
            "A  B  C  D",
        ] {
            assert_eq!(Text::from_str_pages(kept).as_str(), kept);
        }
    }

    #[test]
    fn the_quick_spacing_test_misses_no_run_the_tokens_show() {
        let naive = |line: &str| {
            let mut run = 0;
            line.split(' ').any(|t| {
                run = if t.len() == 1 && t != "\t" {
                    run + 1
                } else {
                    0
                };
                run >= 4
            })
        };
        let parts = ["a", "b", "ä", "cd", "", "\t", "x", "1", ":"];
        // Every line of up to six parts joined by single spaces.
        let mut lines = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for l in &lines {
                for p in parts {
                    next.push(if l.is_empty() {
                        p.to_string()
                    } else {
                        format!("{l} {p}")
                    });
                }
            }
            lines.extend(next);
            lines.dedup();
        }
        for line in &lines {
            let ascii_only = line.bytes().filter(|b| !b.is_ascii()).count() == 0;
            if ascii_only {
                // A false alarm costs a split; a miss would keep a spaced word.
                assert!(!naive(line) || has_spaced_run(line.as_bytes()), "{line:?}");
            }
        }
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

    #[test]
    fn a_head_keeps_offsets_and_pages_and_ends_at_a_line() {
        let text = Text::from_pages(&["erste Zeile\nzweite äöü", "dritte Seite\nmehr"]);
        assert_eq!(text.head(text.as_str().len()), None);
        let cut = text.as_str().find("mehr").unwrap() + 2;
        let head = text.head(cut).unwrap();
        assert_eq!(head.as_str(), "erste Zeile\nzweite äöü\u{c}dritte Seite\n");
        assert_eq!(head.page_count(), 2);
        let at = head.as_str().find('ü').unwrap();
        assert_eq!(head.char_offset(at), text.char_offset(at));
        // No line end in the window's second half: a character boundary.
        let one_line = Text::from_pages(&["ä".repeat(20)]);
        assert_eq!(one_line.head(7).unwrap().as_str(), "äää");
    }
}
