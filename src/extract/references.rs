//! Paper numbers: the paper's own number (printed under a label such as
//! Drucksache, Vorlagen-Nr., DS) and the numbers of other papers it cites.
//!
//! A *paper number* has one or more slash-separated digit groups, maybe a
//! letter series in front: `1822/24`, `VO/7605/2020`, `V 1234/21`,
//! `613.1/67/2022`, `2022/0045/1`, `17 / 273`. A bare `12/24` in prose
//! is not taken: a number counts only behind a label (`Drucksache`, `DS`,
//! `Vorlage Nr.`, …, from `rules/numbers.toml`) or when its letter series is
//! joined by a slash (`VO/6900/2019`), which no date, amount, paragraph,
//! phone number or page count has.
//!
//! - The **own** number is the first labelled number in the header (the
//!   first 30 non-empty lines of page 1) whose label starts a line or a
//!   column, not one quoted inside a sentence ("Der Anfrage DS 1306/24
//!   zufolge").
//! - **Cited** numbers are all other labelled or slash-prefixed numbers, in
//!   order, deduplicated; lists ("Drucksachen 17/100 und 17/200") and a
//!   parenthesised number after a labelled one ("Drucksache 15/1284
//!   (15/1217)", the paper answered) count too.
//!
//! Patterns use explicit ASCII classes on bytes, so they run as DFAs.

use std::collections::HashSet;

use super::lazy_regex::LazyBytesRegex as Regex; // compiled on first use

use super::scan::Doc;
use super::{Evidence, Found, Rules, RulesError};
use crate::text::Text;

/// How many non-empty lines at the top of page 1 count as the header.
const HEADER_LINES: usize = 30;
/// A header line longer than this is prose.
const HEADER_LINE_MAX: usize = 120;
/// Words that, right before a label, make it a citation inside a sentence.
const CITING_WORDS: &[&str] = &[
    "der", "die", "das", "des", "dem", "den", "zur", "zum", "siehe", "vgl.", "laut", "gemäß",
    "mit", "in", "im", "und", "aus", "auf", "von", "bzw.", "sowie", "nach", "per", "s.",
];

/// Compiled number rules.
#[derive(Clone, Debug)]
pub struct ReferenceRules {
    /// A header label followed by a number of any shape a council prints
    /// behind its own label (also hyphenated or a bare running number).
    own: Regex,
    /// A header label followed by a number with a slash (for label blocks).
    own_strict: Regex,
    /// A labelled number (any label) or a slash-prefixed number.
    cited: Regex,
    /// More numbers continuing a list, anchored at the end of a match.
    more: Regex,
    /// A parenthesised number, anchored at the end of a match.
    paren: Regex,
    /// A number with a slash, for a line that holds nothing else.
    alone: Regex,
    /// At most how many bytes other than spaces, tabs and line ends a
    /// `cited` match holds before a slash of its number.
    reach: usize,
}

impl ReferenceRules {
    /// Compiles the number rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<ReferenceRules, RulesError> {
        let own_labels = alternation(rules.list("reference_labels"));
        let mut all: Vec<String> = rules.list("reference_labels").to_vec();
        all.extend(rules.list("reference_cited_labels").iter().cloned());
        let all_labels = alternation(&all);
        let prefixes = alternation(rules.list("reference_prefixes"));
        let num = number_pattern(&prefixes);
        // The label, then "Nr."/"Nummer", a colon or dash, and up to three
        // line breaks before the number.
        // ("Vorlage-Nr.:" is "Vorlage" with a joined "-Nr.")
        let sep = r"(?:[ \t]*-?(?i:Nr\.?|Nummer|No\.))?[ \t]*[:\-–]?(?:[ \t]*\n){0,3}[ \t]*";
        // A body prefix, with or without a hyphen: "GR-Drs.", "GRDrs".
        let label = |labels: &str| format!(r"(?-u:\b)(?:[A-Z]{{1,3}}-?)?(?i:{labels})");
        let compile = |pattern: String| {
            Regex::new(&pattern).map_err(|e| RulesError::Invalid {
                path: "numbers rules".into(),
                reason: format!("a reference label makes an invalid pattern: {e}"),
            })
        };
        Ok(ReferenceRules {
            own: compile(format!(
                r"(?P<label>{}){sep}(?P<num>{})",
                label(&own_labels),
                own_number_pattern(&prefixes)
            ))?,
            own_strict: compile(format!(
                r"(?P<label>{}){sep}(?P<num>{num})",
                label(&own_labels)
            ))?,
            cited: compile(format!(
                r"(?P<label>{}){sep}(?P<num>{num})|(?-u:\b)(?P<slashed>[A-Z]{{1,4}}/[0-9]{{1,6}}/[0-9]{{2,6}})(?-u:\b)",
                label(&all_labels)
            ))?,
            more: compile(format!(
                r"\A[ \t]*(?:,|und|sowie|bzw\.|oder)[ \t]*(?:{}{sep})?(?P<num>{num})",
                label(&all_labels)
            ))?,
            paren: compile(format!(r"\A[ \t]*\((?P<num>{num})\)"))?,
            alone: compile(num.clone())?,
            reach: reach_before_slash(&all, rules.list("reference_prefixes")),
        })
    }

    /// The paper's own number, without its label ("1822/24").
    pub fn find_own(&self, text: &Text) -> Option<Found<String>> {
        self.scan_own(text.as_str(), |_, _| {})
    }

    /// The own-number candidates with a verdict each, for `extract
    /// --explain`: (line from 1, the label and number, verdict).
    pub fn explain_own(
        &self,
        doc: &Doc<'_>,
        type_line: Option<usize>,
    ) -> Vec<(usize, String, String)> {
        let s = doc.text.as_str();
        let line_of = |at: usize| s[..at].bytes().filter(|&b| b == b'\n').count();
        let mut out = Vec::new();
        let chosen = self
            .scan_own(s, |span, verdict| {
                out.push((
                    line_of(span.start) + 1,
                    s[span].to_string(),
                    verdict.to_string(),
                ));
            })
            .or_else(|| type_line.and_then(|t| self.find_own_below_type(doc, t)));
        if let Some(found) = chosen {
            let line = line_of(found.evidence.span.start) + 1;
            let verdict = format!("chosen ({})", found.evidence.rule);
            out.push((line, found.value, verdict));
        }
        out
    }

    /// The first labelled number of the header; `rejected` hears of each
    /// labelled number passed over, and why.
    fn scan_own(
        &self,
        s: &str,
        mut rejected: impl FnMut(std::ops::Range<usize>, &str),
    ) -> Option<Found<String>> {
        let zone_end = header_zone_end(s);
        for caps in self.own.captures_iter(s.as_bytes()) {
            let (Some(label), Some(num)) = (caps.name("label"), caps.name("num")) else {
                continue;
            };
            if label.start() >= zone_end {
                break;
            }
            if !label_starts_line_or_column(s, label.start()) {
                rejected(label.start()..num.end(), "quoted inside a sentence");
                continue;
            }
            // A number without a slash or hyphen ("Vorlage Nr. 421") stands on
            // its label's line and is not the start of a date.
            let separated = num.as_bytes().iter().any(|&b| b == b'/' || b == b'-');
            let next = s.as_bytes().get(num.end()..num.end() + 2).unwrap_or(&[]);
            let date_like =
                next.first() == Some(&b'.') && next.get(1).is_some_and(u8::is_ascii_digit);
            if !separated && (s[label.end()..num.start()].contains('\n') || date_like) {
                rejected(
                    label.start()..num.end(),
                    "a bare number off its label's line, or a date",
                );
                continue;
            }
            return Some(Found {
                value: clean_number(num.as_bytes())?,
                evidence: Evidence {
                    span: num.start()..num.end(),
                    rule: "reference.header_label".into(),
                },
            });
        }
        self.find_own_type_line(s, zone_end)
            .or_else(|| self.find_own_label_block(s, zone_end))
    }

    /// A number alone on its line right below the paper type ("ANTRAG" /
    /// "DHH/2023/3702"): the header's position is the number's evidence.
    /// Only shapes no date or amount has: digit groups joined by slashes.
    pub fn find_own_below_type(&self, doc: &Doc<'_>, type_line: usize) -> Option<Found<String>> {
        let mut seen = 0;
        for i in type_line + 1..doc.lines.len() {
            let t = doc.trimmed(i);
            if t.is_empty() {
                continue;
            }
            seen += 1;
            if seen > 2 {
                break;
            }
            let m = self.alone.find(t.as_bytes())?;
            if m.start() != 0 || m.end() != t.len() {
                continue;
            }
            let span = doc.trimmed_span(i);
            return Some(Found {
                value: clean_number(t.as_bytes())?,
                evidence: Evidence {
                    span,
                    rule: "reference.below_type".into(),
                },
            });
        }
        None
    }

    /// A header line that is only a paper type and a number ("ANTRAG
    /// DHH/2025/4118", "Beschlussvorlage 12/2020").
    fn find_own_type_line(&self, s: &str, zone_end: usize) -> Option<Found<String>> {
        let bytes = s.as_bytes();
        for caps in self.cited.captures_iter(&bytes[..zone_end]) {
            let (Some(label), Some(num)) = (caps.name("label"), caps.name("num")) else {
                continue;
            };
            // Only blanks between the line's ends and the label and number
            // (scanned over the blanks only: a one-line text is long).
            let blank = |c: char| c.is_whitespace() && c != '\n';
            let before = s[..label.start()].trim_end_matches(blank);
            let after = s[num.end()..].trim_start_matches(blank);
            let line_is_label_and_number = (before.is_empty() || before.ends_with('\n'))
                && (after.is_empty() || after.starts_with('\n'))
                && !s[label.start()..num.start()].contains('\n');
            if line_is_label_and_number {
                return Some(Found {
                    value: clean_number(num.as_bytes())?,
                    evidence: Evidence {
                        span: num.range(),
                        rule: "reference.header_type_line".into(),
                    },
                });
            }
        }
        None
    }

    /// Old two-column headers print a block of labels ("Gremium:",
    /// "Termin:", "Vorlage Nr.:", "TOP:") and then a block of their values
    /// in the same order; the number is the value at the label's position.
    fn find_own_label_block(&self, s: &str, zone_end: usize) -> Option<Found<String>> {
        let mut lines: Vec<(usize, &str)> = Vec::new();
        let mut offset = 0;
        for line in s[..zone_end].split('\n') {
            if !line.trim().is_empty() {
                lines.push((offset, line.trim()));
            }
            offset += line.len() + 1;
        }
        let is_label = |l: &str| l.ends_with(':') && l.len() <= 40;
        let at = lines.iter().position(|(start, l)| {
            is_label(l)
                && self
                    .own_strict
                    .find(format!("{l} 1/1").as_bytes())
                    .is_some_and(|m| m.start() == 0)
                && label_starts_line_or_column(s, *start + s[*start..].find(l).unwrap_or(0))
        })?;
        let first = (0..=at)
            .rev()
            .take_while(|&i| is_label(lines[i].1))
            .last()?;
        let last = (at..lines.len())
            .take_while(|&i| is_label(lines[i].1))
            .last()?;
        let (start, value) = *lines.get(last + 1 + (at - first))?;
        let is_number = !value.is_empty()
            && value.len() <= 16
            && value.bytes().any(|b| b.is_ascii_digit())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'.' || b == b'-')
            && !value.contains('.');
        if !is_number {
            return None;
        }
        let value_start = start + s[start..].find(value).unwrap_or(0);
        Some(Found {
            value: value.to_string(),
            evidence: Evidence {
                span: value_start..value_start + value.len(),
                rule: "reference.label_block".into(),
            },
        })
    }

    /// Numbers of other papers cited in the text, in order of first
    /// mention, without the paper's own number.
    pub fn find_cited(&self, text: &Text, own: Option<&str>) -> Vec<Found<String>> {
        let bytes = text.as_str().as_bytes();
        let mut seen: HashSet<String> = own.map(key).into_iter().collect();
        let mut out = Vec::new();
        let mut push = |value: Option<String>, span: std::ops::Range<usize>, rule: &str| {
            let Some(value) = value else { return };
            if !seen.insert(key(&value)) {
                return;
            }
            out.push(Found {
                value,
                evidence: Evidence {
                    span,
                    rule: rule.into(),
                },
            });
        };
        for caps in self.cited_matches(bytes) {
            if let Some(slashed) = caps.name("slashed") {
                push(
                    clean_number(slashed.as_bytes()),
                    slashed.range(),
                    "references.slash_prefix",
                );
                continue;
            }
            let Some(num) = caps.name("num") else {
                continue;
            };
            push(
                clean_number(num.as_bytes()),
                num.range(),
                "references.label",
            );
            let mut end = num.end();
            if let Some(p) = self
                .paren
                .captures(&bytes[end..])
                .and_then(|c| c.name("num"))
            {
                let range = end + p.start()..end + p.end();
                push(
                    clean_number(p.as_bytes()),
                    range,
                    "references.parenthesised",
                );
            }
            while let Some(m) = self
                .more
                .captures(&bytes[end..])
                .and_then(|c| c.name("num"))
            {
                let range = end + m.start()..end + m.end();
                push(clean_number(m.as_bytes()), range.clone(), "references.list");
                end = range.end;
            }
        }
        out
    }

    /// The matches of `cited` in `bytes`, in order, as `captures_iter`
    /// over the whole text gives them, found faster.
    ///
    /// Every number [`number_pattern`] accepts holds a slash, and a label
    /// stands at most [`LABEL_LINES_BEFORE`] line ends before its number
    /// (only blank lines between), with at most [`ReferenceRules::reach`]
    /// bytes that are not blanks between the match's start and the slash.
    /// So every match starts shortly before a slash and ends on its line,
    /// and the pattern (whose labels give the regex engine no literal to
    /// skip ahead to) runs only there: a paper has few slashes and long
    /// lines.
    fn cited_matches<'h>(
        &'h self,
        bytes: &'h [u8],
    ) -> impl Iterator<Item = regex::bytes::Captures<'h>> + 'h {
        let mut regions = slash_regions(bytes, self.reach).into_iter();
        let mut current: Option<std::ops::Range<usize>> = None;
        std::iter::from_fn(move || loop {
            let region = match &mut current {
                Some(region) => region,
                None => current.insert(regions.next()?),
            };
            // Up to the region's line end, so look-arounds see what the
            // whole text has there.
            let Some(found) = self.cited.find_at(&bytes[..region.end], region.start) else {
                current = None;
                continue;
            };
            // A match is never empty: it holds a slash.
            region.start = found.end().max(region.start + 1);
            // The groups, searched for only within the match: far faster
            // than `captures_at` over the rest of the region. The match
            // found first is still the match found.
            if let Some(caps) = self.cited.captures_at(&bytes[..found.end()], found.start()) {
                return Some(caps);
            }
        })
    }
}

/// How many line ends a label may stand before its number.
const LABEL_LINES_BEFORE: usize = 3;

/// The most bytes other than blanks that a match of the `cited` pattern
/// can hold before a slash of its number: a body prefix, the longest label
/// (a case-blind match of a character may take up to 4 bytes), "-Nummer"
/// and a dash, the longest series prefix with a number and its decimal
/// part, and two more slash groups before the last slash.
fn reach_before_slash(labels: &[String], prefixes: &[String]) -> usize {
    let label = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let prefix = prefixes
        .iter()
        .map(|p| p.chars().count())
        .max()
        .unwrap_or(0);
    4 + 4 * label + (1 + 4 * 6 + 3) + (4 * prefix + 6 + 4) + 2 * 7
}

/// The byte ranges where a cited number may be: from each slash back over
/// `reach` bytes that are not blanks (spaces, tabs and line ends) and at
/// most [`LABEL_LINES_BEFORE`] line ends, to the end of the slash's line;
/// overlapping or touching ranges joined, in order. Each ends at a line
/// end (or the text's end).
fn slash_regions(bytes: &[u8], reach: usize) -> Vec<std::ops::Range<usize>> {
    let mut regions: Vec<std::ops::Range<usize>> = Vec::new();
    for slash in memchr::memchr_iter(b'/', bytes) {
        // A later slash on a line already covered starts no earlier: it
        // reaches back over the same bytes and more.
        if regions.last().is_some_and(|r| slash < r.end) {
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[slash..]).map_or(bytes.len(), |i| slash + i);
        let (mut start, mut counted, mut line_ends) = (slash, 0, 0);
        while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
            match b {
                b' ' | b'\t' => {}
                b'\n' => {
                    line_ends += 1;
                    if line_ends > LABEL_LINES_BEFORE {
                        break;
                    }
                }
                _ => {
                    counted += 1;
                    if counted > reach {
                        break;
                    }
                }
            }
            start -= 1;
        }
        match regions.last_mut() {
            Some(last) if start <= last.end + 1 => last.end = end,
            _ => regions.push(start..end),
        }
    }
    regions
}

/// The pattern of a paper number: an optional letter series, digit groups
/// separated by slashes (spaces around a slash allowed, as Landtag headers
/// print "17 / 273"), the first group may have one decimal part, and an
/// amendment may add "-1" ("1822/24-1").
///
/// Councils that number by term print the term's years first and a
/// series letter after the slash ("20-26 / V 01234": Munich's
/// Sitzungsvorlagen, "14-20 / A 00123" for motions).
fn number_pattern(prefixes: &str) -> String {
    format!(
        r"(?:[0-9]{{2}}-[0-9]{{2}}[ ]?/[ ]?[A-Z]{{1,2}}[ ]?[0-9]{{3,6}}|(?:[A-Z]{{1,4}}/|(?:{prefixes})[ ]?)?[0-9]{{1,6}}(?:\.[0-9]{{1,3}})?(?:[ ]?/[ ]?[0-9]{{1,6}}){{1,3}}(?:-[0-9]{{1,3}})?)(?-u:\b)"
    )
}

/// The pattern of a paper's own number behind its header label: the
/// shapes of [`number_pattern`], and also groups joined by hyphens
/// ("2024-0123", "0123-24"), letters joined by a hyphen ("BV-2022-2016",
/// "A-12/2024"), a letter code and a district number ("BA 12-0034/2024"),
/// a bare running number ("Vorlage Nr. 421"), and a term's roman numeral
/// after the number ("DS/1234/V").
fn own_number_pattern(prefixes: &str) -> String {
    format!(
        r"(?:[0-9]{{2}}-[0-9]{{2}}[ ]?/[ ]?[A-Z]{{1,2}}[ ]?[0-9]{{3,6}}|[A-Z]{{1,3}}[ ][0-9]{{1,6}}(?:(?:[ ]?/[ ]?|-)[0-9]{{1,6}}){{1,3}}|(?:[A-Z]{{1,4}}[/-]|(?:{prefixes})[ ]?)?[0-9]{{1,6}}(?:\.[0-9]{{1,3}})?(?:(?:[ ]?/[ ]?|-)[0-9]{{1,6}}){{0,3}}(?:/[IVX]{{1,5}})?)(?-u:\b)"
    )
}

/// The words as one regex alternation, longest first so that
/// "Vorlagen-Nr." wins over "Vorlage".
fn alternation(words: &[String]) -> String {
    let mut words: Vec<&String> = words.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let parts: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    if parts.is_empty() {
        // Matches nothing: no label is configured.
        return "[^\\s\\S]".into();
    }
    parts.join("|")
}

/// The number as printed, with the spaces around a slash between digits
/// removed ("17 / 273" → "17/273"); a slash before a series letter keeps
/// its spaces, as those councils print and cite it ("20-26 / V 01234").
fn clean_number(bytes: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == ' ' && slash_between_digits_beside(s, i) {
            continue;
        }
        out.push(c);
    }
    Some(out)
}

/// Whether the space at byte `at` stands next to a slash (across other
/// spaces) that has a digit on both sides.
fn slash_between_digits_beside(s: &str, at: usize) -> bool {
    let b = s.as_bytes();
    let mut slash = None;
    // Look right, then left, over spaces for the slash.
    let right = b[at..].iter().position(|&c| c != b' ').map(|p| at + p);
    if let Some(p) = right.filter(|&p| b[p] == b'/') {
        slash = Some(p);
    } else if let Some(p) = b[..at].iter().rposition(|&c| c != b' ') {
        if b[p] == b'/' {
            slash = Some(p);
        }
    }
    let Some(slash) = slash else {
        return false;
    };
    let before = b[..slash].iter().rev().find(|&&c| c != b' ');
    let after = b[slash + 1..].iter().find(|&&c| c != b' ');
    matches!((before, after), (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit())
}

/// The comparison key of a number: upper case, no spaces.
fn key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Byte offset where the header ends: after the first [`HEADER_LINES`]
/// non-empty lines of the first page.
fn header_zone_end(s: &str) -> usize {
    let first_page = s.find('\u{c}').unwrap_or(s.len());
    let mut seen = 0;
    let mut offset = 0;
    for line in s[..first_page].split('\n') {
        offset += line.len() + 1;
        if !line.trim().is_empty() {
            seen += 1;
            if seen >= HEADER_LINES {
                break;
            }
        }
    }
    offset.min(first_page)
}

/// Whether the label at byte `at` begins its line or a column of it, or
/// follows only other header words (not a sentence that quotes it).
///
/// Looks at most [`HEADER_LINE_MAX`] bytes to either side of `at` (and
/// over the blanks right before it), never at the whole line: called for
/// every label of a one-line text, a scan to the line's ends took time in
/// the square of the text's length.
fn label_starts_line_or_column(s: &str, at: usize) -> bool {
    let bytes = s.as_bytes();
    let is_line_end = |b: u8| b == b'\n' || b == b'\x0c';
    // Only blanks between the line's start and the label.
    let blanks = s[..at].trim_end_matches(|c: char| c.is_whitespace() && c != '\n' && c != '\u{c}');
    if blanks.is_empty() || blanks.ends_with(['\n', '\u{c}']) {
        return true;
    }
    if s[..at].ends_with('\t') || s[..at].ends_with("  ") {
        return true;
    }
    // The line's start, if it is within reach: a longer line is prose.
    let reach_start = at.saturating_sub(HEADER_LINE_MAX + 1);
    let line_start = match bytes[reach_start..at].iter().rposition(|&b| is_line_end(b)) {
        Some(i) => reach_start + i + 1,
        None if reach_start == 0 => 0,
        None => return false,
    };
    let reach_end = (line_start + HEADER_LINE_MAX + 1).min(bytes.len());
    let line_end = bytes[at..reach_end]
        .iter()
        .position(|&b| is_line_end(b))
        .map_or(reach_end, |i| at + i);
    if line_end - line_start > HEADER_LINE_MAX {
        return false;
    }
    s[line_start..at].split_whitespace().all(|word| {
        let lower = word.to_lowercase();
        !word.starts_with(|c: char| c.is_lowercase()) && !CITING_WORDS.contains(&lower.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ReferenceRules {
        ReferenceRules::new(&Rules::builtin()).unwrap()
    }

    fn own(text: &str) -> Option<String> {
        rules()
            .find_own(&Text::from_str_pages(text))
            .map(|f| f.value)
    }

    fn cited(text: &str) -> Vec<String> {
        let t = Text::from_str_pages(text);
        let r = rules();
        let own = r.find_own(&t).map(|f| f.value);
        r.find_cited(&t, own.as_deref())
            .into_iter()
            .map(|f| f.value)
            .collect()
    }

    #[test]
    fn a_label_in_a_long_line_is_judged_from_its_neighbourhood() {
        // See: issue 19, item 2. Every label of a one-line text used to
        // scan the whole line, so a text took time in the square of its
        // length: here 20,000 labels in 10 MB, 4·10¹¹ bytes scanned then,
        // a few million now.
        let sentence = "Die Vorlage bezieht sich auf die Drucksache 12/34 und anderes. ";
        let text = sentence.repeat(10_000_000 / sentence.len());
        let labels: Vec<usize> = text.match_indices("Drucksache").map(|(i, _)| i).collect();
        let start = std::time::Instant::now();
        for &at in labels.iter().step_by(labels.len() / 20_000) {
            assert!(!label_starts_line_or_column(&text, at));
        }
        let elapsed = start.elapsed();
        assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
        // The extractors over it, for the same reason.
        let text = &text[..200_000];
        assert_eq!(own(text), None);
        assert_eq!(cited(text), vec!["12/34"]);
    }

    #[test]
    fn a_label_starts_a_line_or_column_within_reach_only() {
        let s = "Drucksache 1/2";
        assert!(label_starts_line_or_column(s, 0));
        let s = "x\n   Drucksache 1/2";
        assert!(label_starts_line_or_column(s, 5));
        let s = "Stadt Erfurt\tDrucksache 1/2";
        assert!(label_starts_line_or_column(s, 13));
        let s = "Stadt Erfurt Drucksache 1/2";
        assert!(label_starts_line_or_column(s, 13));
        let s = "gemäß der Drucksache 1/2";
        assert!(!label_starts_line_or_column(s, 11));
        // A header line is at most HEADER_LINE_MAX bytes long.
        let long = format!("{} Drucksache 1/2", "Stadt".repeat(30));
        assert!(!label_starts_line_or_column(&long, 151));
        let long = format!("Stadt Drucksache 1/2 {}", "Stadt".repeat(30));
        assert!(!label_starts_line_or_column(&long, 6));
        let short = format!("Stadt Drucksache 1/2 {}", "Stadt".repeat(10));
        assert!(label_starts_line_or_column(&short, 6));
    }

    #[test]
    fn own_number_on_the_line_after_its_label() {
        let text = "Titel der Drucksache:\n\nKonzeption Amt\n\nDrucksache\n\n1822/24\n\nStadtrat";
        assert_eq!(own(text).as_deref(), Some("1822/24"));
    }

    #[test]
    fn own_number_in_each_header_notation() {
        for (text, want) in [
            (
                "Beschlussvorlage\tVorlagen-Nr.: VO/7605/2020\n\tStatus: öffentlich",
                "VO/7605/2020",
            ),
            (
                "Vorlage Nr.:      2022/2484 \nVerantwortlich: Dez. 3",
                "2022/2484",
            ),
            ("Vorlage Nr.:   2022/0045/1  \nEinführung", "2022/0045/1"),
            ("Vorlage - 2023/0123\nBetreff", "2023/0123"),
            ("Drucksache Nr. 0815/2023\n", "0815/2023"),
            ("DS 53/2025\nBeschlussvorlage", "53/2025"),
            ("GR-Drs. 123/2024\nAntrag", "123/2024"),
            (
                "Landtag von Baden-Württemberg        Drucksache 17 / 273\n17. Wahlperiode",
                "17/273",
            ),
            (
                "LANDTAG DES SAARLANDES\n\n 15. Wahlperiode Drucksache 15/1284 (15/1217)",
                "15/1284",
            ),
            ("Antragsnr.:    151/2020\n", "151/2020"),
            ("Vorlage V 1234/21\n", "V 1234/21"),
            ("Drucksache 19/1234\n19. Wahlperiode", "19/1234"),
            (
                "zur Drucksache 1822/24\n\nDrucksache 1822/24-1\n",
                "1822/24-1",
            ),
            ("VORLAGE NR. VO/2023/1234", "VO/2023/1234"),
            ("Vorlage-Nr.:\tVO/2021/0815\n", "VO/2021/0815"),
            ("Stuttgart, 14.02.2023\n\nGRDrs 123/2023\n", "123/2023"),
            ("Sitzungsvorlage Nr. 20-26 / V 01234\n", "20-26 / V 01234"),
            ("Vorlagen-Nr.: 14-20 / V 09876\n", "14-20 / V 09876"),
        ] {
            assert_eq!(own(text).as_deref(), Some(want), "in {text:?}");
        }
    }

    #[test]
    fn own_number_from_a_type_line_or_a_label_block() {
        assert_eq!(
            own("Herrn Oberbürgermeister\n20.11.2025\nANTRAG DHH/2025/4118\nRücknahme").as_deref(),
            Some("DHH/2025/4118")
        );
        let block = "ANFRAGE\nGremium: \n \nTermin: \nVorlage Nr.: \nTOP: \n\
                     53. Plenarsitzung Gemeinderat \n \n24.09.2013 \n2013/0013 \n21 \nöffentlich";
        assert_eq!(own(block).as_deref(), Some("2013/0013"));
        let block =
            "Gremium:\nTermin:\nVorlage Nr.:\nTOP:\nOrtschaftsrat Grötzingen\n18.01.2012\n171\n6";
        assert_eq!(own(block).as_deref(), Some("171"));
        // The value at the label's position is a date, not a number.
        let block = "Gremium:\nVorlage Nr.:\nTOP:\nRat\n18.01.2012\n6";
        assert_eq!(own(block), None);
        // A type word quoted in a sentence is not a header.
        assert_eq!(own("Stellungnahme zur Beschlussvorlage 12/2020\n"), None);
    }

    #[test]
    fn no_own_number_from_prose_or_non_numbers() {
        for text in [
            "Der Anfrage DS 1306/24 zufolge soll ein Bericht kommen.",
            "Stellungnahme zur Beschlussvorlage 6131/67/2022 \"Umweltspur\"",
            "Drucksache\n\nvom 22.10.2024",
            "Vorlage Nr.: \nTOP: \n24.09.2013",
            "Antrag gemäß § 28/ § 29 GeschO",
            "Seite 1/3",
            "18. WP Drucksache",
            "Telefon: 0641/306-1234",
        ] {
            assert_eq!(own(text), None, "in {text:?}");
        }
    }

    #[test]
    fn own_number_alone_below_the_type_line() {
        let text = crate::text::Text::from_str_pages(
            "Fraktion, Straße 1, 12345 Stadt\n\n27.09.2023\n\nANTRAG\nDHH/2023/3702\n\nSanierung\n",
        );
        let doc = Doc::new(&text);
        let found = rules().find_own_below_type(&doc, 4).map(|f| f.value);
        assert_eq!(found.as_deref(), Some("DHH/2023/3702"));
        // A date below the type is no number.
        let text = crate::text::Text::from_str_pages("ANTRAG\n27.09.2023\nSanierung\n");
        assert!(rules().find_own_below_type(&Doc::new(&text), 0).is_none());
    }

    #[test]
    fn own_number_only_in_the_header() {
        let mut text = String::from("Beschlussvorlage\n");
        for i in 0..40 {
            text.push_str(&format!("Zeile {i}\n"));
        }
        text.push_str("Drucksache 12/2020\n");
        assert_eq!(own(&text), None);
    }

    #[test]
    fn cited_numbers_in_order_without_own() {
        let text = "Drucksache\n\n1822/24\n\nDer Anfrage DS 1306/24 zufolge … gemäß VO/6900/2019 \
                    und wieder DS 1306/24 sowie Drucksache 1822/24.";
        assert_eq!(cited(text), vec!["1306/24", "VO/6900/2019"]);
    }

    #[test]
    fn cited_lists_parentheses_and_prefixes() {
        assert_eq!(
            cited("Siehe Drucksachen 17/100, 17/200 und 17/300."),
            vec!["17/100", "17/200", "17/300"]
        );
        assert_eq!(
            cited(" 15. Wahlperiode Drucksache 15/1284 (15/1217)\n12.03.2015"),
            vec!["15/1217"]
        );
        assert_eq!(
            cited("Mit Bezug auf Antrag AT 3/2024 und die Berichterstattung"),
            vec!["AT 3/2024"]
        );
        assert_eq!(
            cited("Stellungnahme zur Beschlussvorlage 613.1/67/2022 Umweltspur"),
            vec!["613.1/67/2022"]
        );
        assert_eq!(
            cited("vgl. BT-Drucksache 19/1234 und Vorlage VO/2023/1234"),
            vec!["19/1234", "VO/2023/1234"]
        );
    }

    #[test]
    fn cited_search_by_slash_regions_equals_the_whole_text_search() {
        let rules = rules();
        let texts = [
            "Drucksache\n\n\n17/100 und\nDrucksache 17/200",
            "Drucksache\n\n\n\n17/100",
            "Vorlage\t\n  \n\t17/1\nVO/7605/2020 (siehe auch VL-12/2020)",
            "x/y\nAntrag 3/24\n\nAnfrage\n\u{c}Anfrage 4/24",
            "/\n/\nDS 1/1/1",
            "Im Text ohne Schrägstrich: Drucksache 17 und 18.\n",
            "GR-Drs. 12/2020\nGRDrs 13/2020, 14/2020 sowie 15/2020\n20-26 / V 01234",
            "ÄÖÜ/ Drucksache 1822/24-1\nBeschlussvorlage\n\n\n\n\n613.1/67/2022",
            "Im Zusammenhang mit dem Thema wird auf die Drucksache 1282/19 verwiesen.",
            "DRUC\u{212a}SACHE \t \t   Nr.:   \n\t\n  12-26 / V 01234 und 17/1/2/3",
            "Beschlussvorlagen-Nr.                                      VO/12/2020/3",
        ];
        let fixtures = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/text"))
            .expect("fixtures/text")
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok());
        for text in texts.iter().map(|t| t.to_string()).chain(fixtures) {
            let bytes = text.as_bytes();
            let spans = |caps: regex::bytes::Captures<'_>| {
                (0..caps.len())
                    .map(|i| caps.get(i).map(|m| m.range()))
                    .collect::<Vec<_>>()
            };
            let whole: Vec<_> = rules.cited.captures_iter(bytes).map(spans).collect();
            let regions: Vec<_> = rules.cited_matches(bytes).map(spans).collect();
            assert_eq!(regions, whole, "{text:?}");
        }
    }

    #[test]
    fn cited_ignores_dates_amounts_paragraphs_and_phones() {
        let text = "Am 22.10.2024 wurden 1.234,56 € nach § 28 Abs. 1 GemO bewilligt. \
                    Tel. 0361/655-1234, 99084 Erfurt, 18. WP, Seite 1/3, \
                    Schuljahr 2028/29, 1/3 der Fläche, 24/7 erreichbar, Referat VI/61.";
        assert_eq!(cited(text), Vec::<String>::new());
    }

    #[test]
    fn user_labels_extend_the_vocabulary() {
        let mut rules = Rules::builtin();
        let dir = std::env::temp_dir().join(format!("ratsindex-ref-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("rules.toml");
        std::fs::write(&file, "reference_labels = [\"Magistratsvorlage Nr.\"]\n").unwrap();
        rules.extend_from_file(&file).unwrap();
        let r = ReferenceRules::new(&rules).unwrap();
        let t = Text::from_str_pages("Magistratsvorlage Nr. 77/2021\n");
        assert_eq!(r.find_own(&t).map(|f| f.value).as_deref(), Some("77/2021"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
