//! Shared scanning tools for the field extractors: the text as a list of
//! lines ([`Doc`]), label matching at the start of a line ([`LabelMatcher`]),
//! German dates ([`find_dates`]), and joining wrapped lines into one string.
//!
//! Everything here works line by line. Patterns avoid Unicode classes
//! (`\w`, `\s`, `\b`): spaces are `[ \t]`, digits `[0-9]`, and word
//! boundaries are checked by hand, which keeps the regex engine on its fast
//! byte paths.

use std::cell::OnceCell;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::lazy_regex::{self, LazyRegex};
use super::RulesError;
use crate::text::{Line, Text};

/// A text prepared for extraction: its lines, computed once, and what the
/// field extractors ask of a line again and again (its lower-cased form,
/// where its columns start), computed on first use and then shared.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The normalised text.
    pub text: &'a Text,
    /// Its lines in order.
    pub lines: Vec<Line<'a>>,
    /// One entry per line.
    facts: Vec<LineFacts>,
}

/// What is known of one line once some stage has asked.
#[derive(Debug, Default)]
struct LineFacts {
    /// The trimmed text, lower-cased.
    lower: OnceCell<String>,
    /// The byte offsets of the cells after the first (see
    /// [`Doc::column_starts`]).
    columns: OnceCell<Vec<usize>>,
}

impl<'a> Doc<'a> {
    /// Splits `text` into lines.
    pub fn new(text: &'a Text) -> Doc<'a> {
        let lines: Vec<Line<'a>> = text.lines().collect();
        let mut facts = Vec::new();
        facts.resize_with(lines.len(), LineFacts::default);
        Doc { text, lines, facts }
    }

    /// The trimmed text of line `i` lower-cased (`str::to_lowercase`),
    /// computed once per line (empty past the end).
    pub fn lower(&self, i: usize) -> &str {
        match self.facts.get(i) {
            Some(facts) => facts.lower.get_or_init(|| self.trimmed(i).to_lowercase()),
            None => "",
        }
    }

    /// Line `i` and each of its cells after the first (after a tab or a
    /// run of spaces, see [`cells`]), with their byte offsets in the line:
    /// labels of a second header column start mid-line. The cells are
    /// found once per line.
    pub fn column_starts(&self, i: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        let line = self.lines.get(i).map_or("", |l| l.text);
        let more: &[usize] = match self.facts.get(i) {
            Some(facts) => facts.columns.get_or_init(|| {
                // Cells only where the line has a column gap.
                if has_column_gap(line.trim()) {
                    cells(line).into_iter().skip(1).map(|(at, _)| at).collect()
                } else {
                    Vec::new()
                }
            }),
            None => &[],
        };
        std::iter::once((0, line)).chain(more.iter().map(move |&at| (at, &line[at..])))
    }

    /// The trimmed text of line `i` (empty past the end).
    pub fn trimmed(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.text.trim())
    }

    /// Whether line `i` is blank (or past the end).
    pub fn is_blank(&self, i: usize) -> bool {
        self.trimmed(i).is_empty()
    }

    /// The byte span of line `i` without its surrounding spaces.
    pub fn trimmed_span(&self, i: usize) -> std::ops::Range<usize> {
        match self.lines.get(i) {
            Some(line) => {
                let lead = line.text.len() - line.text.trim_start().len();
                let start = line.start + lead;
                start..start + line.text.trim().len()
            }
            None => 0..0,
        }
    }

    /// The span of the first `len` bytes of line `i`'s trimmed text (a
    /// value that is the line's first cell).
    pub fn trimmed_prefix_span(&self, i: usize, len: usize) -> std::ops::Range<usize> {
        let span = self.trimmed_span(i);
        span.start..(span.start + len).min(span.end)
    }

    /// The first `n` non-blank lines (a letterhead, a header): each
    /// line's index and trimmed text.
    pub fn first_nonblank(&self, n: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, line)| (i, line.text.trim()))
            .filter(|(_, t)| !t.is_empty())
            .take(n)
    }

    /// The index of the next non-blank line at or after `i`.
    pub fn next_nonblank(&self, mut i: usize) -> Option<usize> {
        while i < self.lines.len() {
            if !self.is_blank(i) {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}

/// A label found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelMatch<'a> {
    /// Index of the label in its list.
    pub index: usize,
    /// The value after the label and its colon, trimmed (may be empty).
    pub value: &'a str,
    /// Byte offset of `value` within the line.
    pub value_at: usize,
}

/// How a label must be separated from its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// A colon, a tab, two spaces, or the end of the line.
    Strict,
    /// Anything that is not a letter or digit (a single space will do).
    Loose,
}

/// Matches any of a list of labels at the start of a line, ignoring case.
#[derive(Debug)]
pub struct LabelMatcher {
    /// One pattern per label, longest label first: the match says which
    /// label it is, so no second look-up is needed. Compiled on first use
    /// (`None`: it cannot be, and matches nothing).
    re: Arc<OnceLock<Option<regex_automata::meta::Regex>>>,
    patterns: Vec<String>,
    labels: Vec<String>,
    /// Label indices, longest first (the patterns' order).
    order: Vec<usize>,
    separator: Separator,
    /// Whether a digit may follow a label with no blank between them
    /// ("vom25.10.2019" in text whose spaces were lost).
    glued_digits: bool,
    /// The characters a label can start with, tested before the patterns
    /// run (`None`: no such test).
    first: Option<FirstChars>,
}

/// A clone has search caches of its own (see [`lazy_regex::own_copy`]).
impl Clone for LabelMatcher {
    fn clone(&self) -> LabelMatcher {
        LabelMatcher {
            re: lazy_regex::own_copy(&self.re),
            patterns: self.patterns.clone(),
            labels: self.labels.clone(),
            order: self.order.clone(),
            separator: self.separator,
            glued_digits: self.glued_digits,
            first: self.first,
        }
    }
}

impl LabelMatcher {
    /// Compiles the labels; longer labels win over their prefixes.
    pub fn new(
        list: &str,
        labels: &[String],
        separator: Separator,
    ) -> Result<LabelMatcher, RulesError> {
        let mut order: Vec<usize> = (0..labels.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(labels[i].chars().count()));
        let patterns: Vec<String> = order
            .iter()
            .map(|&i| format!("(?i)^[ \\t]*(?:{})", label_pattern(&labels[i])))
            .collect();
        // Labels are escaped: only a list too long to compile can fail,
        // and that must be an error at start.
        let re = Arc::new(OnceLock::new());
        if patterns.iter().map(String::len).sum::<usize>() > LABELS_EAGER_ABOVE {
            let compiled = Self::compile(&patterns).map_err(|e| RulesError::Invalid {
                path: format!("list `{list}`"),
                reason: e.to_string(),
            })?;
            let _ = re.set(Some(compiled));
        } else {
            let (cell, patterns) = (Arc::downgrade(&re), patterns.clone());
            lazy_regex::warm_later(Box::new(move || {
                if let Some(cell) = cell.upgrade() {
                    cell.get_or_init(|| Self::compile_or_warn(&patterns));
                }
            }));
        }
        Ok(LabelMatcher {
            re,
            patterns,
            labels: labels.to_vec(),
            order,
            separator,
            glued_digits: false,
            first: FirstChars::new(labels),
        })
    }

    /// Lets a digit follow a label that ends in a letter with no blank
    /// between them: text whose spaces were lost glues a date to its label
    /// ("eingegangen am25.10.2019"). For labels whose value is a number or
    /// a date only.
    pub fn with_glued_digits(mut self) -> LabelMatcher {
        self.glued_digits = true;
        self
    }

    /// The patterns compiled as one program (shared by matchers of the
    /// same list, see [`lazy_regex::shared_with`]).
    fn compile(patterns: &[String]) -> Result<regex_automata::meta::Regex, String> {
        lazy_regex::shared_with(&patterns.join("\u{0}"), || {
            regex_automata::meta::Regex::new_many(patterns).map_err(|e| e.to_string())
        })
    }

    /// The patterns compiled, or `None` with a warning on stderr.
    fn compile_or_warn(patterns: &[String]) -> Option<regex_automata::meta::Regex> {
        match Self::compile(patterns) {
            Ok(re) => Some(re),
            Err(e) => {
                eprintln!("warning: a label list cannot be compiled and matches nothing: {e}");
                None
            }
        }
    }

    /// The compiled labels (compiled now, if this is their first use).
    fn regex(&self) -> Option<&regex_automata::meta::Regex> {
        self.re
            .get_or_init(|| Self::compile_or_warn(&self.patterns))
            .as_ref()
    }

    /// The label at the start of `line`, with its value.
    pub fn find<'a>(&self, line: &'a str) -> Option<LabelMatch<'a>> {
        // Every pattern is `^[ \t]*` and then a label.
        if self.first.is_some_and(|first| !first.may_start(line)) {
            return None;
        }
        let whole = self.regex()?.find(line)?;
        let index = self.order[whole.pattern().as_usize()];
        let whole_str = &line[whole.range()];
        let rest = &line[whole.end()..];
        let label_ends_in_punct = whole_str.ends_with(['.', ':']);
        let ok = match rest.chars().next() {
            None => true,
            Some(c) if c.is_ascii_digit() => {
                self.glued_digits && whole_str.ends_with(char::is_alphabetic)
            }
            Some(c) if c.is_alphanumeric() => false,
            Some(':') | Some('\t') => true,
            Some(' ') => match self.separator {
                Separator::Loose => true,
                Separator::Strict => {
                    label_ends_in_punct
                        || rest.starts_with("  ")
                        || rest.trim_start_matches(' ').starts_with([':', '\t'])
                        || rest.trim().is_empty()
                }
            },
            Some(_) => self.separator == Separator::Loose || label_ends_in_punct,
        };
        if !ok {
            return None;
        }
        let after = rest.trim_start_matches([' ', '\t']);
        let after = after.strip_prefix(':').unwrap_or(after);
        let value = after.trim();
        let lead = after.len() - after.trim_start().len();
        let value_at = line.len() - after.len() + lead;
        Some(LabelMatch {
            index,
            value,
            value_at,
        })
    }

    /// The label text at `index`.
    pub fn label(&self, index: usize) -> &str {
        self.labels.get(index).map_or("", String::as_str)
    }
}

/// The ASCII characters a list of case-insensitive labels can start with,
/// for a quick test before patterns of the form `(?i)^[ \t]*(?:labels)`
/// run on a line.
#[derive(Clone, Copy, Debug)]
pub struct FirstChars([bool; 128]);

impl FirstChars {
    /// The first characters of `labels` in both cases; `None` when a label
    /// is blank or starts with a character that is not ASCII and not one
    /// whose case variants are known to stay outside ASCII (the Kelvin sign
    /// matches `k`, the long s `s`: such a label gets no quick test).
    pub fn new(labels: &[String]) -> Option<FirstChars> {
        let mut set = [false; 128];
        for label in labels {
            let c = label.split_whitespace().next()?.chars().next()?;
            if c.is_ascii() {
                set[c.to_ascii_lowercase() as usize] = true;
                set[c.to_ascii_uppercase() as usize] = true;
            } else if !"äöüÄÖÜß".contains(c) {
                return None;
            }
        }
        Some(FirstChars(set))
    }

    /// Whether a label may start `line` after its spaces and tabs: false
    /// for a blank line and for a line whose first character is ASCII and
    /// starts no label in either case.
    pub fn may_start(&self, line: &str) -> bool {
        match line.bytes().find(|&b| b != b' ' && b != b'\t') {
            None => false,
            Some(b) => !b.is_ascii() || self.0[b as usize],
        }
    }
}

/// Whether `haystack` contains `needle` (lower-case ASCII letters)
/// ignoring ASCII case: a quick test before a case-insensitive pattern
/// that needs the word (the letters a–z have no case variants outside
/// ASCII under the patterns' simple case folding, except `k` and `s`,
/// which a needle given here must not hold).
pub fn contains_ignore_ascii_case(haystack: &str, needle: &[u8]) -> bool {
    debug_assert!(needle
        .iter()
        .all(|b| b.is_ascii_lowercase() && *b != b'k' && *b != b's'));
    let Some(&first) = needle.first() else {
        return true;
    };
    let hay = haystack.as_bytes();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).any(|at| {
        hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// A regex fragment for one label: escaped, any run of blanks for a space.
pub fn label_pattern(label: &str) -> String {
    label
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("[ \\t]+")
}

/// Label lists whose patterns are longer than this together are compiled
/// when the rules are built (see `EAGER_ABOVE` in [`lazy_regex`]).
const LABELS_EAGER_ABOVE: usize = 20_000;

/// Compiles a pattern, reporting errors against the named rule list: into
/// a [`Regex`] at once, or a [`LazyRegex`] (syntax checked now, compiled on
/// first use), whichever the caller stores. Either way, a pattern text
/// compiled before in this process is not compiled again.
pub fn compile<R: Compiled>(list: &str, pattern: &str) -> Result<R, RulesError> {
    R::compiled(pattern).map_err(|reason| RulesError::Invalid {
        path: format!("list `{list}`"),
        reason,
    })
}

/// What [`compile`] can make of a pattern.
pub trait Compiled: Sized {
    /// The pattern compiled (or checked, for a lazy one).
    fn compiled(pattern: &str) -> Result<Self, String>;
}

impl Compiled for Regex {
    fn compiled(pattern: &str) -> Result<Regex, String> {
        lazy_regex::shared(pattern).map_err(|e| e.to_string())
    }
}

impl Compiled for LazyRegex {
    fn compiled(pattern: &str) -> Result<LazyRegex, String> {
        LazyRegex::new(pattern.to_string())
    }
}

/// An alternation of the labels of a list, longest first, for use inside a
/// larger pattern.
pub fn alternation(labels: &[String]) -> String {
    let mut sorted: Vec<&String> = labels.iter().collect();
    sorted.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let parts: Vec<String> = sorted.iter().map(|l| label_pattern(l)).collect();
    if parts.is_empty() {
        "[^\\x00-\\x{10FFFF}]".to_string()
    } else {
        parts.join("|")
    }
}

/// Whether `s` equals one of `words`, ignoring case and surrounding blanks.
pub fn is_one_of(s: &str, words: &[String]) -> bool {
    let s = s.trim();
    words.iter().any(|w| eq_ignore_case(s, w))
}

/// Whether `s` starts with `prefix` (ASCII, lower-case) in any case,
/// without lower-casing `s`.
pub fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Case-insensitive equality that also folds umlauts' case.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    // Most calls compare a word with each entry of a list: two ASCII first
    // letters that differ settle it before anything is lower-cased.
    if let (Some(x), Some(y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    // Case changes keep lengths within a factor of two for German text.
    if a.len() > 2 * b.len() || b.len() > 2 * a.len() {
        return false;
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// A date found in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte range of the date in the searched string.
    pub span: std::ops::Range<usize>,
    /// The date as `YYYY-MM-DD`.
    pub iso: String,
}

const MONTHS: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("jan", 1),
    ("februar", 2),
    ("feb", 2),
    ("märz", 3),
    ("mär", 3),
    ("mrz", 3),
    ("april", 4),
    ("apr", 4),
    ("mai", 5),
    ("juni", 6),
    ("jun", 6),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("dezember", 12),
    ("dez", 12),
];

/// The compiled date pattern (dd.mm.yyyy, dd.mm.yy, d. Monat yyyy,
/// yyyy-mm-dd).
#[derive(Clone, Debug)]
pub struct DatePattern {
    re: LazyRegex,
}

impl DatePattern {
    /// Compiles the pattern.
    pub fn new() -> DatePattern {
        let months = "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez";
        let pattern = format!(
            r"(?i)([0-9]{{1,2}})\.[ ]?([0-9]{{1,2}})\.[ ]?([0-9]{{4}}|[0-9]{{2}})|([0-9]{{1,2}})\.[ ]?({months})\.?[ ]+([0-9]{{4}})|([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})"
        );
        DatePattern {
            re: LazyRegex::new(pattern).unwrap_or_else(|e| panic!("date pattern: {e}")),
        }
    }

    /// Every valid date in `s`, in order.
    pub fn find_all(&self, s: &str) -> Vec<DateMatch> {
        let mut out = Vec::new();
        if !s.bytes().any(|b| b.is_ascii_digit()) {
            return out;
        }
        // The three forms print apart (only ISO has '-', only the month
        // form has letters), so the match itself says which one it is:
        // no capture groups, which would need a second, slower engine.
        for whole in self.re.find_iter(s) {
            // Hand-made word boundaries: no digit or letter glued on.
            let before = s[..whole.start()].chars().next_back();
            let after = s[whole.end()..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric())
                || after.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
            {
                continue;
            }
            let text = whole.as_str();
            let num = |part: Option<&str>| part.and_then(|p| p.trim().parse::<u32>().ok());
            let (day, month, year) = if text.contains('-') {
                let mut parts = text.split('-');
                let (Some(y), Some(m), Some(d)) =
                    (num(parts.next()), num(parts.next()), num(parts.next()))
                else {
                    continue;
                };
                (d, m, y)
            } else if text.chars().any(char::is_alphabetic) {
                let Some((d, rest)) = text.split_once('.') else {
                    continue;
                };
                let rest = rest.trim_start_matches(' ');
                let name = rest.split(['.', ' ']).next().unwrap_or("").to_lowercase();
                let Some(month) = MONTHS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v) else {
                    continue;
                };
                let (Some(d), Some(y)) = (num(Some(d)), num(text.rsplit(' ').next())) else {
                    continue;
                };
                (d, month, y)
            } else {
                let mut parts = text.split('.');
                let (Some(d), Some(m), Some(y)) =
                    (num(parts.next()), num(parts.next()), parts.next())
                else {
                    continue;
                };
                let y = y.trim();
                let y_num: u32 = y.parse().unwrap_or(0);
                let year = if y.len() == 2 {
                    if y_num < 70 {
                        2000 + y_num
                    } else {
                        1900 + y_num
                    }
                } else {
                    y_num
                };
                (d, m, year)
            };
            if !(1..=31).contains(&day)
                || !(1..=12).contains(&month)
                || !(1900..=2099).contains(&year)
            {
                continue;
            }
            out.push(DateMatch {
                span: whole.range(),
                iso: format!("{year:04}-{month:02}-{day:02}"),
            });
        }
        out
    }
}

impl Default for DatePattern {
    fn default() -> Self {
        DatePattern::new()
    }
}

/// Joins wrapped lines into one string with single spaces, undoing end-of-line
/// hyphenation: `Ge-` + `staltung` → `Gestaltung`, `Baden-` + `Württemberg`
/// → `Baden-Württemberg`, `Ordnungs- und` stays.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = collapse_spaces_cow(line.trim());
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(&line);
            continue;
        }
        let hyphenated = out.ends_with('-')
            && out[..out.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
        let next = line.chars().next();
        if hyphenated
            && next.is_some_and(char::is_lowercase)
            && !line.starts_with("und ")
            && !line.starts_with("oder ")
            && line != "und"
            && line != "oder"
        {
            out.pop();
            out.push_str(&line);
        } else if hyphenated && next.is_some_and(char::is_uppercase) {
            out.push_str(&line);
        } else {
            out.push(' ');
            out.push_str(&line);
        }
    }
    out
}

/// Collapses runs of spaces and tabs into one space.
pub fn collapse_spaces(s: &str) -> String {
    collapse_spaces_cow(s).into_owned()
}

/// [`collapse_spaces`], borrowing `s` when it has nothing to collapse (no
/// tab, no two spaces in a row, no space at either end): most lines.
fn collapse_spaces_cow(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    if memchr::memchr(b'\t', b).is_none()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !has(s, "  ")
    {
        return std::borrow::Cow::Borrowed(s);
    }
    // Spaces and tabs are ASCII: the words between them are whole
    // characters.
    let mut out = String::with_capacity(s.len());
    for word in s.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// Undoes letter-spacing ("A N T W O R T" → "ANTWORT"); other text is
/// returned unchanged.
pub fn unspace_letters(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim();
    let parts: Vec<&str> = t.split(' ').collect();
    if parts.len() >= 4
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    {
        std::borrow::Cow::Owned(parts.concat())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether a line is a page number or running footer ("– 2 –", "-2-",
/// "Seite 2", "Seite 2 von 5").
pub fn is_page_marker(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let inner = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c == ' ');
    if inner.len() < t.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // "-- 3 of 3 --", "– 2 von 4 –"
    if inner.len() < t.len() {
        let mut parts = inner.split([' ']).filter(|p| !p.is_empty());
        if let (Some(a), Some("of" | "von"), Some(b), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
            return digits(a) && digits(b);
        }
    }
    // "Seite" is ASCII: compare the first bytes instead of lower-casing
    // every line.
    let seite = t.get(..6).is_some_and(|h| h.eq_ignore_ascii_case("seite "));
    if seite {
        let rest = t[6..].to_lowercase();
        let rest = rest.trim();
        return rest
            .split(" von ")
            .all(|p| !p.is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()));
    }
    false
}

/// Whether a line carries checkbox marks (a form line, not prose).
pub fn has_checkbox(line: &str) -> bool {
    // Every mark is three bytes in UTF-8 starting with 0xE2: most lines
    // have no such byte at all.
    memchr::memchr(0xE2, line.as_bytes()).is_some()
        && line.contains(['☐', '☒', '☑', '✓', '✔', '□', '■'])
}

/// Whether `haystack` contains `needle`, as `str::contains` says, without
/// building a substring searcher per call (the cost of a short line's
/// test is mostly that set-up).
pub fn has(haystack: &str, needle: &str) -> bool {
    find_bytes(haystack.as_bytes(), needle.as_bytes()).is_some()
}

/// The last byte offset of `needle` in `haystack` (as `str::rfind`), the
/// way [`find_bytes`] finds the first.
pub fn rfind_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(haystack.len());
    };
    let last_start = haystack.len().checked_sub(needle.len())?;
    memchr::memrchr_iter(first, &haystack[..=last_start])
        .find(|&at| &haystack[at + 1..at + needle.len()] == rest)
}

/// The first byte offset of `needle` in `haystack` (as `str::find` with a
/// string), found by the needle's first byte and a comparison: on lines
/// this beats building a searcher for each call.
pub fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last_start = haystack.len().checked_sub(needle.len())?;
    memchr::memchr_iter(first, &haystack[..=last_start])
        .find(|&at| &haystack[at + 1..at + needle.len()] == rest)
}

/// Whether `line` has a column gap (a tab or two spaces), so that
/// [`cells`] can split it into more than one cell.
pub fn has_column_gap(line: &str) -> bool {
    memchr::memchr(b'\t', line.as_bytes()).is_some() || has(line, "  ")
}

/// Splits a table row into cells: at tabs, or at runs of two or more
/// spaces.
pub fn cells(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_gap = bytes[i] == b'\t' || bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ');
        let sep_len = if starts_gap {
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b'\t' || bytes[j] == b' ') {
                j += 1;
            }
            j - i
        } else {
            0
        };
        if sep_len > 0 {
            let cell = &line[start..i];
            if !cell.trim().is_empty() {
                out.push((start + (cell.len() - cell.trim_start().len()), cell.trim()));
            }
            i += sep_len;
            start = i;
        } else {
            i += 1;
        }
    }
    let cell = &line[start..];
    if !cell.trim().is_empty() {
        out.push((start + (cell.len() - cell.trim_start().len()), cell.trim()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str) -> Vec<String> {
        DatePattern::new()
            .find_all(s)
            .into_iter()
            .map(|d| d.iso)
            .collect()
    }

    #[test]
    fn dates_in_every_common_format() {
        assert_eq!(
            dates("am 22.10.2024 und 6.11.24"),
            ["2024-10-22", "2024-11-06"]
        );
        assert_eq!(dates("Berlin, 22. Oktober 2024"), ["2024-10-22"]);
        assert_eq!(dates("22. Okt. 2024"), ["2024-10-22"]);
        assert_eq!(dates("2024-10-22"), ["2024-10-22"]);
        assert_eq!(dates("22.6.2021"), ["2021-06-22"]);
        assert_eq!(
            dates("1.MÄRZ 2024, 3. Mrz 1999 und 12. 10. 75 oder 1.Sept.  2030"),
            ["2024-03-01", "1999-03-03", "1975-10-12", "2030-09-01"]
        );
        assert!(dates("1. Septe 2024, 2024-13-01, 1.Foo 2024").is_empty());
    }

    #[test]
    fn non_dates_are_ignored() {
        assert!(dates("Version 1.2.3 und 45.13.2024 und 1822/24").is_empty());
        assert!(dates("Az. 11.40.90").is_empty());
        assert!(dates("10.000.000").is_empty());
    }

    #[test]
    fn labels_need_a_separator_unless_loose() {
        let labels = vec![
            "Amt".to_string(),
            "Datum".to_string(),
            "Vorlagen-Nr.".to_string(),
        ];
        let strict = LabelMatcher::new("t", &labels, Separator::Strict).unwrap();
        assert_eq!(
            strict.find("Amt: Stadtplanung").unwrap().value,
            "Stadtplanung"
        );
        assert_eq!(
            strict.find("  Datum:\t15.09.2020").unwrap().value,
            "15.09.2020"
        );
        assert_eq!(strict.find("Vorlagen-Nr. VO/1").unwrap().value, "VO/1");
        assert!(strict.find("Amt für Migration").is_none());
        assert!(strict.find("Amtsblatt: x").is_none());
        let loose = LabelMatcher::new("t", &labels, Separator::Loose).unwrap();
        assert_eq!(loose.find("datum 1.1.2020").unwrap().value, "1.1.2020");
    }

    #[test]
    fn joining_undoes_hyphenation() {
        assert_eq!(join_lines(["Ge-", "staltung"]), "Gestaltung");
        assert_eq!(join_lines(["Baden-", "Württemberg"]), "Baden-Württemberg");
        assert_eq!(
            join_lines(["Ordnungs- und ", "Bürgeramt"]),
            "Ordnungs- und Bürgeramt"
        );
        assert_eq!(join_lines(["a  b", "c"]), "a b c");
        assert_eq!(join_lines(["\ta \t b ", " c\t"]), "a b c");
    }

    #[test]
    fn collapsing_spaces_borrows_lines_without_runs() {
        assert_eq!(collapse_spaces(" a\t\tb  c "), "a b c");
        assert_eq!(collapse_spaces("a b"), "a b");
        assert_eq!(collapse_spaces("  "), "");
        assert!(matches!(
            collapse_spaces_cow("Neubau der Halle"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn cells_split_at_tabs_and_space_runs() {
        let c: Vec<&str> = cells("Rat\t06.11.2024  öffentlich Sitzung")
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(c, ["Rat", "06.11.2024", "öffentlich Sitzung"]);
    }

    #[test]
    fn the_line_table_caches_lower_case_and_columns() {
        let text = Text::from_str_pages("  Datum: 1.2.2020\tAmt:  Bauamt\nEINS ZWEI\n");
        let doc = Doc::new(&text);
        assert_eq!(doc.lower(1), "eins zwei");
        assert_eq!(doc.lower(9), "");
        let starts: Vec<(usize, &str)> = doc.column_starts(0).collect();
        assert_eq!(
            starts,
            [
                (0, "  Datum: 1.2.2020\tAmt:  Bauamt"),
                (18, "Amt:  Bauamt"),
                (24, "Bauamt")
            ]
        );
        // Asked twice, the same answer.
        assert_eq!(doc.column_starts(0).count(), 3);
        assert_eq!(doc.column_starts(1).count(), 1);
    }

    #[test]
    fn page_markers() {
        assert!(is_page_marker("– 2 –"));
        assert!(is_page_marker("-2-"));
        assert!(is_page_marker("Seite 2 von 4"));
        assert!(is_page_marker("-- 3 of 3 --"));
        assert!(!is_page_marker("- 3 of them -"));
        assert!(!is_page_marker("2024"));
        assert!(!is_page_marker("- Punkt"));
    }

    #[test]
    fn letter_spacing() {
        assert_eq!(unspace_letters("A N T W O R T"), "ANTWORT");
        assert_eq!(unspace_letters("Ein Satz"), "Ein Satz");
    }
}
