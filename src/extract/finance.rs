//! Finanzielle Auswirkungen: whether the paper has a financial impact (the
//! ticked box, or Ja/Nein), the year columns and rows of the finance grid,
//! and the total (Gesamtkosten).
//!
//! The section starts at a heading from `rules/finance.toml` that begins a
//! line or a table column and ends at the next section heading (or after
//! [`SECTION_LINES`] lines). Inside it:
//!
//! - **impact**: the Ja/Nein pair on the heading line (or the next lines)
//!   with its boxes. A box is ticked (`☒ ☑ ✓ ✔ ✗ ✘ [x] (x) X`) or empty
//!   (`☐ □ [ ] ( )`); box-before-word ("☐ Nein ☒ Ja") and word-before-box
//!   ("Ja ☐ Nein ☒") are both read. Exactly one ticked answer decides;
//!   both or neither ticked is `null`. Without boxes a lone "Ja"/"Nein"
//!   decides, and "keine"/"entfällt" right after the heading means `false`.
//! - **years**: the first line of two or more years (`2024 2025 …`) with at
//!   most a short label in front.
//! - **rows**: the lines below it with a label and amounts; each amount is
//!   aligned to its year column (by tab column, by printed column, or from
//!   the left), empty cells, `-` and bare `EUR` placeholders are `null`.
//! - **total**: the amount after a total label (Gesamtkosten) on its line,
//!   else the sum of a grid row with that label.
//!
//! Amounts are German: `1.234.567,89 €`, `12.500 EUR`, `-500`, `1.000,-`,
//! `T€`/`TEUR`/`Tsd.` are thousands and `Mio.` millions (in the cell or in
//! the grid's heading).

use regex::bytes::Regex;

use super::{Evidence, Found, Rules, RulesError};
use crate::record::{Finance, FinanceRow};
use crate::text::Text;

/// How many lines after its heading the finance section may run.
const SECTION_LINES: usize = 40;
/// How many non-empty lines after the heading may hold the Ja/Nein boxes.
const IMPACT_LINES: usize = 2;
/// Glyphs of a ticked box.
const TICKED: &[char] = &['☒', '☑', '✓', '✔', '✗', '✘', '⊠', '■', '▣', '⌧'];
/// Glyphs of an empty box.
const EMPTY: &[char] = &['☐', '□', '❏', '❑', '○', '◯'];
/// Words between a total label and its amount.
const TOTAL_FILLER: &[&str] = &[
    "max.",
    "maximal",
    "ca.",
    "circa",
    "rund",
    "insgesamt",
    "brutto",
    "netto",
    "von",
    "in",
    "höhe",
    "voraussichtlich",
    "bis",
    "zu",
    "i.h.v.",
];

/// Compiled finance rules.
#[derive(Clone, Debug)]
pub struct FinanceRules {
    heading: Regex,
    section_ends: Vec<String>,
    none_phrases: Vec<String>,
    total_labels: Vec<String>,
}

/// One line of the finance section.
#[derive(Clone, Copy, Debug)]
struct SectionLine<'a> {
    text: &'a str,
}

/// A Ja/Nein answer or a box, in printed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Ja,
    Nein,
    Ticked,
    Empty,
}

/// One cell or word of a grid line with its column: the tab cell index, or
/// the character columns where it starts and ends.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// A value cell of a grid row: an amount, or a placeholder (`EUR`, `-`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Value {
    amount: Option<f64>,
    column: usize,
}

impl FinanceRules {
    /// Compiles the finance rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<FinanceRules, RulesError> {
        let mut headings: Vec<&String> = rules.list("finance_headings").iter().collect();
        headings.sort_by_key(|h| std::cmp::Reverse(h.len()));
        let alternation: Vec<String> = headings.iter().map(|h| regex::escape(h)).collect();
        let pattern = if alternation.is_empty() {
            // No heading configured: the section is never found.
            r"\x00\x01\x02".to_string()
        } else {
            format!(r"(?i:{})", alternation.join("|"))
        };
        let heading = Regex::new(&pattern).map_err(|e| RulesError::Invalid {
            path: "finance rules".into(),
            reason: format!("finance_headings make an invalid pattern: {e}"),
        })?;
        let lower = |name: &str| -> Vec<String> {
            rules.list(name).iter().map(|w| w.to_lowercase()).collect()
        };
        Ok(FinanceRules {
            heading,
            section_ends: lower("finance_section_ends"),
            none_phrases: lower("finance_none_phrases"),
            total_labels: rules.list("finance_total_labels").to_vec(),
        })
    }

    /// The finance section, if the paper has one.
    pub fn find(&self, text: &Text) -> Option<Found<Finance>> {
        let s = text.as_str();
        let heading = self
            .heading
            .find_iter(s.as_bytes())
            .find(|m| heading_position_ok(s, m.start(), m.end()))?;
        let section = self.section(s, heading.start());
        let after_heading = s.get(heading.end()..)?;
        let heading_rest = after_heading
            .split(['\n', '\u{c}'])
            .next()
            .unwrap_or("")
            .split('\t')
            .next()
            .unwrap_or("");
        let following = section.get(1..).unwrap_or(&[]);
        let mut finance = Finance {
            impact: self.impact(heading_rest, following),
            ..Finance::default()
        };
        if let Some((years, rows)) = grid(&section) {
            finance.years = years;
            finance.rows = rows;
        }
        finance.total = self.total(&section, &finance.rows);
        // No boxes and no answer, but the section states costs: a human
        // reads that as an impact ("Finanzielle Auswirkungen:\nGesamtkosten:
        // 2.400.000 €").
        let answered = !marks(heading_rest).is_empty()
            || following
                .iter()
                .take(IMPACT_LINES + 1)
                .any(|l| starts_with_mark(l.text) && !marks(l.text).is_empty());
        let states_costs = finance.total.is_some_and(|t| t != 0.0)
            || finance
                .rows
                .iter()
                .any(|r| r.amounts.iter().flatten().any(|a| *a != 0.0));
        if finance.impact.is_none() && !answered && states_costs {
            finance.impact = Some(true);
        }
        let line_start = s[..heading.start()]
            .rfind(['\n', '\u{c}'])
            .map_or(0, |i| i + 1);
        Some(Found {
            value: finance,
            evidence: Evidence {
                span: line_start..heading.end(),
                rule: "finance.heading".into(),
            },
        })
    }

    /// The heading line and the lines after it up to the next section.
    fn section<'a>(&self, s: &'a str, heading_at: usize) -> Vec<SectionLine<'a>> {
        let line_start = s[..heading_at].rfind(['\n', '\u{c}']).map_or(0, |i| i + 1);
        let mut out = Vec::new();
        for (i, line) in s[line_start..].split(['\n', '\u{c}']).enumerate() {
            if i > SECTION_LINES || (i > 0 && self.ends_section(line)) {
                break;
            }
            out.push(SectionLine { text: line });
        }
        out
    }

    fn ends_section(&self, line: &str) -> bool {
        let lower = line.trim_start().to_lowercase();
        self.section_ends.iter().any(|end| {
            lower.strip_prefix(end.as_str()).is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_alphanumeric())
                    || end.ends_with(|c: char| !c.is_alphanumeric())
            })
        })
    }

    /// Ticked Ja/Nein on the heading line, else on the next lines that
    /// start with an answer or a box.
    fn impact(&self, heading_rest: &str, following: &[SectionLine<'_>]) -> Option<bool> {
        let content = heading_rest.trim_start_matches([':', ' ', '\t']);
        if !content.trim().is_empty() {
            return self.answer(content);
        }
        let mut seen = 0;
        for line in following {
            let trimmed = line.text.trim();
            if trimmed.is_empty() {
                continue;
            }
            seen += 1;
            if seen > IMPACT_LINES {
                break;
            }
            let marks = marks(trimmed);
            if !marks.is_empty() && starts_with_mark(trimmed) {
                return decide(&marks, true);
            }
            if seen == 1 && self.says_none(trimmed) {
                return Some(false);
            }
            if seen == 1 {
                break;
            }
        }
        None
    }

    /// The answer in the text right after the heading.
    fn answer(&self, content: &str) -> Option<bool> {
        if self.says_none(content) {
            return Some(false);
        }
        decide(&marks(content), starts_with_mark(content))
    }

    fn says_none(&self, content: &str) -> bool {
        let lower = content.trim_start().to_lowercase();
        self.none_phrases.iter().any(|p| {
            lower
                .strip_prefix(p.as_str())
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic()))
        })
    }

    /// The amount after a total label, else the sum of a total row.
    fn total(&self, section: &[SectionLine<'_>], rows: &[FinanceRow]) -> Option<f64> {
        let row_total = rows
            .iter()
            .filter(|row| {
                self.total_labels
                    .iter()
                    .any(|l| row.label.starts_with(l.as_str()))
            })
            .find_map(|row| {
                let found: Vec<f64> = row.amounts.iter().flatten().copied().collect();
                (!found.is_empty()).then(|| found.iter().sum())
            });
        if row_total.is_some() {
            return row_total;
        }
        for line in section {
            for label in &self.total_labels {
                let mut from = 0;
                while let Some(i) = line.text.get(from..).and_then(|t| t.find(label.as_str())) {
                    let at = from + i;
                    from = at + label.len();
                    let starts_word = line.text[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    if !starts_word {
                        continue;
                    }
                    let cell = line.text[from..].split('\t').next().unwrap_or("");
                    if let Some(amount) = amount_after_label(cell) {
                        return Some(amount);
                    }
                }
            }
        }
        None
    }
}

/// Whether the heading at `start..end` begins its line or a column, maybe
/// after an enumerator ("D.", "4)"), and is a whole word.
fn heading_position_ok(s: &str, start: usize, end: usize) -> bool {
    let whole_word = s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    if !whole_word {
        return false;
    }
    let line_start = s[..start].rfind(['\n', '\u{c}']).map_or(0, |i| i + 1);
    let before = &s[line_start..start];
    if before.trim().is_empty() || before.ends_with('\t') || before.ends_with("   ") {
        return true;
    }
    let enumerator = before.trim();
    enumerator.len() <= 4
        && (enumerator.ends_with('.') || enumerator.ends_with(')'))
        && enumerator
            .trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
}

/// The answers and boxes in `text`, in order.
fn marks(text: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        if TICKED.contains(&c) {
            out.push(Mark::Ticked);
        } else if EMPTY.contains(&c) {
            out.push(Mark::Empty);
        } else if c == '[' || c == '(' {
            let close = if c == '[' { ']' } else { ')' };
            if let Some(end) = rest.find(close).filter(|&e| e <= 3) {
                match rest[1..end].trim() {
                    "x" | "X" => out.push(Mark::Ticked),
                    "" => out.push(Mark::Empty),
                    _ => {}
                }
                step = end + 1;
            }
        } else if c.is_alphabetic() {
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            match &rest[..len] {
                "Ja" | "ja" | "JA" => out.push(Mark::Ja),
                "Nein" | "nein" | "NEIN" => out.push(Mark::Nein),
                "x" | "X" => out.push(Mark::Ticked),
                _ => {}
            }
            step = len;
        }
        rest = &rest[step..];
    }
    out
}

/// Whether `text` begins with a box or an answer.
fn starts_with_mark(text: &str) -> bool {
    let t = text.trim_start();
    let first_word = t.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    t.starts_with(TICKED)
        || t.starts_with(EMPTY)
        || t.starts_with(['[', '('])
        || matches!(
            first_word,
            "Ja" | "ja" | "JA" | "Nein" | "nein" | "NEIN" | "x" | "X"
        )
}

/// The impact from answers and boxes: the first Ja and the first Nein are
/// paired with their boxes (before or after them, as the first mark
/// shows); exactly one ticked answer decides. Without boxes, a single
/// answer at the start decides.
fn decide(marks: &[Mark], at_start: bool) -> Option<bool> {
    let is_box = |m: &Mark| matches!(m, Mark::Ticked | Mark::Empty);
    if !marks.iter().any(is_box) {
        return match marks {
            [Mark::Ja] if at_start => Some(true),
            [Mark::Nein] if at_start => Some(false),
            _ => None,
        };
    }
    let box_first = is_box(marks.first()?);
    let (mut ja, mut nein) = (None, None);
    for pair in marks.chunks_exact(2) {
        let (answer, mark) = if box_first {
            (pair[1], pair[0])
        } else {
            (pair[0], pair[1])
        };
        if is_box(&answer) || !is_box(&mark) {
            break;
        }
        let slot = if answer == Mark::Ja {
            &mut ja
        } else {
            &mut nein
        };
        if slot.is_none() {
            *slot = Some(mark == Mark::Ticked);
        }
        if ja.is_some() && nein.is_some() {
            break;
        }
    }
    match (ja, nein) {
        (Some(true), Some(true)) => None,
        (Some(true), _) => Some(true),
        (_, Some(true)) => Some(false),
        _ => None,
    }
}

/// The year heads and rows of the first grid in the section.
fn grid(section: &[SectionLine<'_>]) -> Option<(Vec<String>, Vec<FinanceRow>)> {
    let (at, year_tokens) = section
        .iter()
        .enumerate()
        .find_map(|(i, line)| year_line(line.text).map(|t| (i, t)))?;
    let tabbed = section[at].text.contains('\t');
    let scale_context = [
        section.get(at.wrapping_sub(1)).map_or("", |l| l.text),
        section[at].text,
        section.first().map_or("", |l| l.text),
    ];
    let scale = if scale_context.iter().any(|t| thousands_unit(t)) {
        1000.0
    } else {
        1.0
    };
    let years: Vec<String> = year_tokens.iter().map(|t| t.text.to_string()).collect();
    let mut rows = Vec::new();
    for line in section.iter().skip(at + 1) {
        if year_line(line.text).is_some() {
            break;
        }
        let Some((label, values)) = row(line.text, tabbed) else {
            continue;
        };
        let amounts = align(&values, &year_tokens, tabbed)
            .into_iter()
            .map(|a| a.map(|v| v * scale))
            .collect();
        rows.push(FinanceRow { label, amounts });
    }
    Some((years, rows))
}

/// Whether the text names thousands as the unit ("in T€", "TEUR", "Tsd.").
fn thousands_unit(text: &str) -> bool {
    text.contains("T€") || text.contains("TEUR") || text.contains("Tsd")
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && (word.starts_with("19") || word.starts_with("20"))
        && word.bytes().all(|b| b.is_ascii_digit())
}

/// The year tokens of a line that heads a grid: two or more years, and
/// before them at most a short label without digits.
fn year_line(line: &str) -> Option<Vec<Token<'_>>> {
    let tokens = tokens(line, line.contains('\t'));
    let first_year = tokens.iter().position(|t| is_year(t.text.trim()))?;
    let (label, years) = tokens.split_at(first_year);
    let label_ok = label
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
        <= 24
        && label
            .iter()
            .all(|t| !t.text.bytes().any(|b| b.is_ascii_digit()));
    let years_ok = years.len() >= 2 && years.iter().all(|t| is_year(t.text.trim()));
    (label_ok && years_ok).then(|| {
        years
            .iter()
            .map(|t| Token {
                text: t.text.trim(),
                ..*t
            })
            .collect()
    })
}

/// Tab cells (column = cell index), else whitespace-separated words
/// (column = character columns).
fn tokens(line: &str, tabbed: bool) -> Vec<Token<'_>> {
    if tabbed {
        return line
            .split('\t')
            .enumerate()
            .map(|(i, text)| Token {
                text,
                start: i,
                end: i,
            })
            .filter(|t| !t.text.trim().is_empty())
            .collect();
    }
    let mut out = Vec::new();
    let mut column = 0;
    let mut word_start: Option<(usize, usize)> = None;
    for (byte, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((b, col)) = word_start.take() {
                out.push(Token {
                    text: &line[b..byte],
                    start: col,
                    end: column,
                });
            }
        } else if word_start.is_none() {
            word_start = Some((byte, column));
        }
        column += 1;
    }
    if let Some((b, col)) = word_start {
        out.push(Token {
            text: &line[b..],
            start: col,
            end: column,
        });
    }
    out
}

/// A grid row: its label and its value cells, or `None` if the line has
/// no amount or placeholder.
fn row(line: &str, tabbed: bool) -> Option<(String, Vec<Value>)> {
    let tokens = tokens(line, tabbed);
    let mut values: Vec<Value> = Vec::new();
    let label_end;
    if tabbed {
        let first = tokens.first()?;
        if first.start != 0 || parse_cell(first.text).is_some() {
            return None;
        }
        label_end = 1;
        for t in tokens.iter().skip(1) {
            let amount = parse_cell(t.text)?;
            values.push(Value {
                amount,
                column: t.start,
            });
        }
    } else {
        // Values are the words at the end of the line; a unit word joins
        // the number before it.
        let mut i = tokens.len();
        let mut pending_unit: Option<f64> = None;
        while i > 0 {
            let t = tokens[i - 1];
            if let Some(scale) = unit_scale(t.text) {
                // Two units in a row: the right one stood alone.
                if pending_unit.take().is_some() {
                    values.push(Value {
                        amount: None,
                        column: tokens[i].end,
                    });
                }
                pending_unit = Some(scale);
                i -= 1;
                continue;
            }
            match parse_cell(t.text) {
                Some(Some(v)) => {
                    let scale = pending_unit.take().unwrap_or(1.0);
                    values.push(Value {
                        amount: Some(v * scale),
                        column: t.end,
                    });
                }
                Some(None) => {
                    pending_unit = None;
                    values.push(Value {
                        amount: None,
                        column: t.end,
                    });
                }
                None => break,
            }
            i -= 1;
        }
        if pending_unit.is_some() {
            if let Some(t) = tokens.get(i) {
                values.push(Value {
                    amount: None,
                    column: t.end,
                });
            }
        }
        values.reverse();
        label_end = i;
    }
    let label = tokens
        .get(..label_end)?
        .iter()
        .map(|t| t.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let label_ok = label.chars().any(char::is_alphabetic)
        && !label.starts_with(TICKED)
        && !label.starts_with(EMPTY)
        && !label.ends_with(':');
    let has_value = !values.is_empty();
    (label_ok && has_value).then_some((label, values))
}

/// Values aligned to the year columns: by tab cell index, by the nearest
/// printed column when the grid is laid out in columns, else from the left.
fn align(values: &[Value], years: &[Token<'_>], tabbed: bool) -> Vec<Option<f64>> {
    let mut out = vec![None; years.len()];
    if tabbed {
        for v in values {
            if let Some(i) = years.iter().position(|y| y.start == v.column) {
                out[i] = v.amount;
            }
        }
        return out;
    }
    let laid_out = years.windows(2).all(|w| w[1].start >= w[0].end + 3);
    if values.len() == years.len() || !laid_out {
        for (slot, v) in out.iter_mut().zip(values) {
            *slot = v.amount;
        }
        return out;
    }
    for v in values {
        let nearest = years
            .iter()
            .enumerate()
            .min_by_key(|(_, y)| y.end.abs_diff(v.column));
        if let Some((i, _)) = nearest {
            if out[i].is_none() {
                out[i] = v.amount;
            }
        }
    }
    out
}

/// The factor of a unit word, if the word is only a unit.
fn unit_scale(word: &str) -> Option<f64> {
    match word.trim().trim_end_matches('.') {
        "€" | "EUR" | "Euro" | "EURO" => Some(1.0),
        "T€" | "TEUR" | "Tsd" | "TEuro" => Some(1000.0),
        "Mio" | "Mio€" => Some(1_000_000.0),
        "Mrd" => Some(1_000_000_000.0),
        _ => None,
    }
}

/// A grid cell: `Some(Some(amount))`, `Some(None)` for an empty cell or a
/// placeholder (`-`, `EUR`), `None` if the cell is not an amount.
fn parse_cell(cell: &str) -> Option<Option<f64>> {
    let cell = cell.trim();
    if cell.is_empty() || matches!(cell, "-" | "–" | "—" | "./.") {
        return Some(None);
    }
    if unit_scale(cell).is_some() {
        return Some(None);
    }
    let (number, scale) = split_unit(cell);
    parse_german_number(number).map(|v| Some(v * scale))
}

/// A number and the factor of the unit printed with it ("12.500 EUR",
/// "5 T€", "1,2 Mio. €").
fn split_unit(cell: &str) -> (&str, f64) {
    let mut number = cell.trim();
    let mut scale = 1.0;
    for _ in 0..2 {
        let Some(split) = number.rfind(|c: char| c.is_ascii_digit() || c == '-') else {
            break;
        };
        let (head, tail) = number.split_at(split + 1);
        match unit_scale(tail) {
            Some(s) => {
                scale *= s;
                number = head.trim();
            }
            None => {
                let tail = tail.trim();
                // "1,2 Mio. €": peel "€" then "Mio.".
                if let Some((inner, last)) = tail.rsplit_once(' ') {
                    if let (Some(a), Some(b)) = (unit_scale(inner), unit_scale(last)) {
                        scale *= a * b;
                        number = head.trim();
                    }
                }
                break;
            }
        }
    }
    (number, scale)
}

/// A German number: `1.234.567,89`, `12.500`, `-500`, `1.000,-`, `12,5`.
fn parse_german_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = digits.strip_suffix(",--").unwrap_or(digits);
    let digits = digits.strip_suffix(",-").unwrap_or(digits);
    let (int, frac) = match digits.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let grouped_ok = match groups.as_slice() {
        [] => false,
        [single] => !single.is_empty() && single.len() <= 12,
        [first, rest @ ..] => (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !grouped_ok || !groups.iter().all(|g| all_digits(g)) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 4 || !all_digits(f) {
            return None;
        }
    }
    let plain = format!("{}.{}", groups.concat(), frac.unwrap_or("0"));
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// The amount right after a total label: "Gesamtkosten: max. 448.630 €".
fn amount_after_label(cell: &str) -> Option<f64> {
    let mut rest = cell.trim_start_matches([':', ' ']).trim_start();
    loop {
        let word = rest.split_whitespace().next()?;
        let lower = word.to_lowercase();
        if TOTAL_FILLER.contains(&lower.as_str()) {
            rest = rest[word.len()..].trim_start();
            continue;
        }
        break;
    }
    // The number and at most two unit words after it.
    let words: Vec<&str> = rest.split_whitespace().take(3).collect();
    let first = *words.first()?;
    let first = first.trim_end_matches(['.', ';']);
    let (number, mut scale) = split_unit(first);
    let value = parse_german_number(number.trim_end_matches(','))?;
    for w in words.iter().skip(1) {
        match unit_scale(w.trim_end_matches([',', ';', ')'])) {
            Some(s) => scale *= s,
            None => break,
        }
    }
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Option<Finance> {
        FinanceRules::new(&Rules::builtin())
            .unwrap()
            .find(&Text::from_str_pages(text))
            .map(|f| f.value)
    }

    fn impact(text: &str) -> Option<bool> {
        find(text).and_then(|f| f.impact)
    }

    #[test]
    fn erfurt_grid_with_empty_boxes_and_placeholders() {
        let text = "Nachhaltigkeitscontrolling ☐ Nein ☐ Ja, siehe Anlage\tDemografisches Controlling ☐ Nein ☐ Ja\n\
            Finanzielle Auswirkungen ☐ Nein ☐ Ja → ↓\tNutzen/Einsparung ☒ Nein ☐ Ja, siehe Sachverhalt\n\
            Deckung im Haushalt ☐ Nein ☐ Ja\tGesamtkosten EUR\t\t\t\n↓\t\t\t\t\n\
            \t2024\t2025\t2026\t2027\n\
            Verwaltungshaushalt Einnahmen\tEUR\tEUR\tEUR\tEUR\n\
            Verwaltungshaushalt Ausgaben\tEUR\tEUR\tEUR\tEUR\n\
            ☐ Deckung siehe Entscheidungsvorschlag\t\t\t\t\n\nFristwahrung\n\nJa Nein\n";
        let f = find(text).unwrap();
        assert_eq!(f.impact, None);
        assert_eq!(f.years, vec!["2024", "2025", "2026", "2027"]);
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[0].label, "Verwaltungshaushalt Einnahmen");
        assert_eq!(f.rows[0].amounts, vec![None; 4]);
        assert_eq!(f.total, None);
    }

    #[test]
    fn every_checkbox_form() {
        for (text, want) in [
            ("Finanzielle Auswirkungen ☐ Nein ☒ Ja", Some(true)),
            ("Finanzielle Auswirkungen ☒ Nein ☐ Ja", Some(false)),
            ("Finanzielle Auswirkungen ☑ Ja ☐ Nein", Some(true)),
            ("Finanzielle Auswirkungen: ✓ Ja  □ Nein", Some(true)),
            ("Finanzielle Auswirkungen: ✔ Nein", Some(false)),
            ("Finanzielle Auswirkungen [x] Ja [ ] Nein", Some(true)),
            ("Finanzielle Auswirkungen [ ] Ja [X] Nein", Some(false)),
            ("Finanzielle Auswirkungen Ja X Nein", Some(true)),
            (
                "Finanzielle Auswirkungen\nJa       ☐     Nein      ☒ \n",
                Some(false),
            ),
            (
                "Finanzielle Auswirkungen Ja ☒ Nein ☐\n☐ Investition",
                Some(true),
            ),
            ("Finanzielle Auswirkungen ☒ Nein ☒ Ja", None),
            ("Finanzielle Auswirkungen ☐ Nein ☐ Ja", None),
            ("Finanzielle Auswirkungen: Ja", Some(true)),
            ("Finanzielle Auswirkungen: Nein", Some(false)),
            ("Finanzielle Auswirkungen: keine", Some(false)),
            (
                "D. Kosten für die öffentlichen Haushalte\n\nKeine.\n",
                Some(false),
            ),
            (
                "Finanzielle Auswirkungen                 nein          ja  ",
                None,
            ),
            ("Finanzielle Auswirkungen:\n\nAnlagen:\n", None),
            (
                "Finanzielle Auswirkungen:\n\nErträge von ca. 1.500 Euro pro Jahr.",
                None,
            ),
        ] {
            assert_eq!(impact(text), want, "in {text:?}");
        }
    }

    #[test]
    fn html_checkbox_inputs_after_normalising() {
        let text = r#"Finanzielle Auswirkungen <input type="checkbox"/> Nein <input type="checkbox" checked/> Ja"#;
        assert_eq!(impact(text), Some(true));
    }

    #[test]
    fn heading_only_where_it_starts_a_line_or_column() {
        assert_eq!(
            find("D) Welche finanziellen Auswirkungen hätte ein Neubau? Ja"),
            None
        );
        assert_eq!(
            find("Erläuterungen zu finanziellen Auswirkungen\nKönnen nicht gemacht werden."),
            None
        );
        assert_eq!(find("Es hat keine Finanzielle Auswirkungen: Ja"), None);
    }

    #[test]
    fn every_amount_form() {
        for (cell, want) in [
            ("1.234.567,89 €", Some(Some(1_234_567.89))),
            ("12.500 EUR", Some(Some(12_500.0))),
            ("12.500", Some(Some(12_500.0))),
            ("-500", Some(Some(-500.0))),
            ("− 1.000,50", Some(Some(-1000.5))),
            ("1.000,- €", Some(Some(1000.0))),
            ("5 T€", Some(Some(5000.0))),
            ("250 TEUR", Some(Some(250_000.0))),
            ("1,2 Mio. €", Some(Some(1_200_000.0))),
            ("EUR", Some(None)),
            ("-", Some(None)),
            ("", Some(None)),
            ("12.5", None),
            ("Text", None),
            ("1.23.4", None),
        ] {
            assert_eq!(parse_cell(cell), want, "cell {cell:?}");
        }
    }

    #[test]
    fn layout_grid_aligns_by_column_and_scales_thousands() {
        let text = "Finanzielle Auswirkungen: Ja\n\
            Angaben in T€          2025       2026       2027\n\
            Aufwand                 100          -        250\n\
            Ertrag                              -50\n\
            Summe                   100        -50        250\n";
        let f = find(text).unwrap();
        assert_eq!(f.impact, Some(true));
        assert_eq!(f.years, vec!["2025", "2026", "2027"]);
        assert_eq!(f.rows[0].label, "Aufwand");
        assert_eq!(
            f.rows[0].amounts,
            vec![Some(100_000.0), None, Some(250_000.0)]
        );
        assert_eq!(f.rows[1].amounts, vec![None, Some(-50_000.0), None]);
        assert_eq!(f.total, Some(300_000.0));
    }

    #[test]
    fn single_spaced_grid_fills_from_the_left() {
        let text = "Finanzielle Auswirkungen Ja ☒ Nein ☐\nArt 2026 2027 2028     2029 2030\n\
                    Stellenschaffung/-reduzierung\nTransferaufwendungen 23.820 23.820\n";
        let f = find(text).unwrap();
        assert_eq!(f.rows.len(), 1);
        assert_eq!(
            f.rows[0].amounts,
            vec![Some(23_820.0), Some(23_820.0), None, None, None]
        );
    }

    #[test]
    fn total_after_its_label() {
        let text = "Finanzielle Auswirkungen Ja ☒ Nein ☐\n☐ Investition\n\
                    Gesamtkosten: max. 448.630 €\nJährliche/r Budgetbedarf/Folgekosten:\n";
        let f = find(text).unwrap();
        assert_eq!(f.total, Some(448_630.0));
        let text =
            "Finanzielle Auswirkungen Ja ☐ Nein ☒\nGesamtkosten:  \nJährlicher Ertrag: 500 €\n";
        assert_eq!(find(text).unwrap().total, None);
        let text = "Finanzielle Auswirkungen: Ja\nGesamtkosten der Maßnahme 2024\n";
        assert_eq!(find(text).unwrap().total, None);
    }

    #[test]
    fn stated_costs_without_boxes_mean_an_impact() {
        let text = "Finanzielle Auswirkungen:\nGesamtkosten: 2.400.000 €\n\nAnlagen:\n";
        let f = find(text).unwrap();
        assert_eq!((f.impact, f.total), (Some(true), Some(2_400_000.0)));
        // Unticked boxes stay unanswered whatever the amounts say.
        let text = "Finanzielle Auswirkungen ☐ Nein ☐ Ja\nGesamtkosten: 5.000 €\n";
        assert_eq!(find(text).unwrap().impact, None);
    }

    #[test]
    fn no_section_no_finance() {
        assert_eq!(
            find("Beschlussvorschlag\nDer Rat beschließt.\n2021 2022 2023\nStraftaten 110 69 127"),
            None
        );
    }
}
