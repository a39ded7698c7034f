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

use super::lazy_regex::LazyBytesRegex as Regex; // compiled on first use

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

/// Compiled finance rules.
#[derive(Clone, Debug)]
pub struct FinanceRules {
    heading: Regex,
    section_ends: Vec<String>,
    none_phrases: Vec<String>,
    total_labels: Vec<String>,
    row_labels: Vec<String>,
    total_labels_lower: Vec<String>,
    recurring: Vec<String>,
    fillers: Vec<String>,
    year_words: Vec<String>,
    part_words: Vec<String>,
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
        // A heading may wrap in a narrow table cell ("Finanzielle" /
        // "Auswirkungen"): each heading also with one of its spaces a line
        // break. All literal, so the search keeps its fast prefilter.
        let mut alternation: Vec<String> = Vec::new();
        for h in &headings {
            alternation.push(regex::escape(h));
            for (i, _) in h.match_indices(' ') {
                alternation.push(regex::escape(&format!("{}\n{}", &h[..i], &h[i + 1..])));
            }
        }
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
        let lower = |name: &str| rules.lower_list(name);
        Ok(FinanceRules {
            heading,
            section_ends: lower("finance_section_ends"),
            none_phrases: lower("finance_none_phrases"),
            total_labels: rules.list("finance_total_labels").to_vec(),
            row_labels: lower("finance_row_labels"),
            recurring: lower("finance_recurring_words"),
            total_labels_lower: lower("finance_total_labels"),
            fillers: lower("finance_amount_fillers"),
            year_words: lower("finance_year_words"),
            part_words: lower("finance_part_words"),
        })
    }

    fn item_words(&self) -> ItemWords<'_> {
        ItemWords {
            row_labels: &self.row_labels,
            total_labels_lower: &self.total_labels_lower,
            recurring: &self.recurring,
            fillers: &self.fillers,
            year_words: &self.year_words,
            part_words: &self.part_words,
        }
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
        let heading_lines = s[heading.start()..heading.end()].matches('\n').count();
        let following = section.get(1 + heading_lines..).unwrap_or(&[]);
        let (impact, answered) = self.impact(heading_rest, following);
        let mut finance = Finance {
            impact,
            ..Finance::default()
        };
        let mut prints_amount = false;
        if let Some((years, rows)) = grid(&section).filter(|(_, rows)| !rows.is_empty()) {
            finance.years = years;
            finance.rows = rows;
        } else {
            let last_line = section_start(s, heading.end());
            let heading_end = heading.end() - last_line;
            let skip = heading_lines;
            let (found, amounts) = items(
                section.get(skip..).unwrap_or(&[]),
                heading_end,
                &self.item_words(),
            );
            let (years, rows) = rows_from_items(&found);
            finance.years = years;
            finance.rows = rows;
            prints_amount = amounts;
        }
        finance.total = self.total(&section, &finance.rows);
        // No answer (or its boxes lost in the text), but the section states
        // amounts: a human reads that as an impact ("Finanzielle
        // Auswirkungen:\nGesamtkosten: 2.400.000 €").
        let states_costs = prints_amount
            || finance.total.is_some_and(|t| t != 0.0)
            || finance.rows.iter().any(|r| {
                r.amount.is_some_and(|a| a != 0.0) || r.amounts.iter().flatten().any(|a| *a != 0.0)
            });
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
        let line_start = section_start(s, heading_at);
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

    /// The ticked Ja/Nein on the heading line, else on the next line that
    /// starts with an answer or a box; lines holding only answers and
    /// boxes are read together (a form whose boxes a PDF reader put on
    /// lines of their own: "nein" / "X" / "ja"). Returns the impact and
    /// whether the paper answered at all: a decided answer, "keine", or an
    /// empty box; answer words without any box (boxes lost in the text)
    /// are no answer.
    fn impact(&self, heading_rest: &str, following: &[SectionLine<'_>]) -> (Option<bool>, bool) {
        let mut content = heading_rest.trim_start_matches([':', ' ', '\t']);
        // "(bitte ankreuzen)" before the boxes.
        if let Some(inner) = content.strip_prefix('(') {
            if let Some(close) = inner.find(')').filter(|&c| c > 3 && c < 40) {
                content = inner[close + 1..].trim_start();
            }
        }
        if self.says_none(content) {
            return (Some(false), true);
        }
        let mut joined = content.trim().to_string();
        let mut seen = 0;
        for line in following {
            let trimmed = line.text.trim();
            if trimmed.is_empty() {
                continue;
            }
            seen += 1;
            if seen > IMPACT_LINES + 2 {
                break;
            }
            if only_marks(trimmed) && (joined.is_empty() || only_marks(&joined)) {
                // Across a line break the distance says nothing.
                joined.push(' ');
                joined.push_str(trimmed);
                continue;
            }
            if joined.is_empty() {
                if starts_with_mark(trimmed) && !marks(trimmed).is_empty() {
                    joined = trimmed.to_string();
                } else if self.says_none(trimmed) {
                    return (Some(false), true);
                }
            }
            break;
        }
        let joined = joined.trim();
        let mut placed = placed_marks(joined);
        let mut impact = decide(&placed, starts_with_mark(joined));
        if placed.is_empty() {
            // Forms that print the boxes after their item labels ("Ja ☒
            // Nein ☐" below "Gesamtkosten der Maßnahme" …): the first line
            // of the section that opens with both answers and a box.
            if let Some(line) = following.iter().map(|l| l.text.trim()).find(|t| {
                let m = marks(t);
                starts_with_mark(t)
                    && m.contains(&Mark::Ja)
                    && m.contains(&Mark::Nein)
                    && m.iter().any(|m| matches!(m, Mark::Ticked | Mark::Empty))
            }) {
                placed = placed_marks(line);
                impact = decide(&placed, true);
            }
        }
        let answered = impact.is_some() || placed.iter().any(|(m, _)| *m == Mark::Empty);
        (impact, answered)
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
                row.amount
                    .or_else(|| (!found.is_empty()).then(|| found.iter().sum()))
            });
        if row_total.is_some() {
            return row_total;
        }
        for line in section {
            for label in &self.total_labels {
                let mut from = 0;
                // (`find_bytes`: no substring searcher built per line and label.)
                while let Some(i) = line
                    .text
                    .get(from..)
                    .and_then(|t| super::scan::find_bytes(t.as_bytes(), label.as_bytes()))
                {
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
                    if let Some(amount) = amount_after_label(cell, &self.fillers) {
                        return Some(amount);
                    }
                }
            }
        }
        None
    }
}

/// Where the line holding byte `at` starts.
fn section_start(s: &str, at: usize) -> usize {
    s[..at].rfind(['\n', '\u{c}']).map_or(0, |i| i + 1)
}

/// Whether the heading at `start..end` begins its line or a column, maybe
/// after an enumerator ("D.", "4)"), and is a whole word.
/// How far before a finance heading its line is read.
const LOOK_BACK: usize = 64;

fn heading_position_ok(s: &str, start: usize, end: usize) -> bool {
    // A PDF reader may glue the boxes' words to the heading
    // ("Finanzielle Auswirkungennein ja").
    let rest = &s[end..];
    let whole_word = rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        || ["nein", "ja", "Nein", "Ja"]
            .iter()
            .any(|a| rest.starts_with(a));
    if !whole_word {
        return false;
    }
    // Only the last bytes before the heading matter (blanks, a column gap
    // or a short enumerator), so only they are read: a search back to the
    // line start made one-line texts quadratic.
    let mut from = start.saturating_sub(LOOK_BACK);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    let window = &s[from..start];
    let (before, whole_line) = match window.rfind(['\n', '\u{c}']) {
        Some(i) => (&window[i + 1..], true),
        None => (window, from == 0),
    };
    if before.ends_with('\t') || before.ends_with("   ") {
        return true;
    }
    if !whole_line {
        // More than LOOK_BACK bytes precede the heading on its line.
        return false;
    }
    if before.trim().is_empty() {
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
    placed_marks(text).into_iter().map(|(m, _)| m).collect()
}

/// The answers and boxes in `text`, in order, with the byte range of each.
fn placed_marks(text: &str) -> Vec<(Mark, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let mut step = c.len_utf8();
        if TICKED.contains(&c) {
            out.push((Mark::Ticked, at..at + step));
        } else if EMPTY.contains(&c) {
            out.push((Mark::Empty, at..at + step));
        } else if c == '[' || c == '(' {
            let close = if c == '[' { ']' } else { ')' };
            if let Some(end) = rest.find(close).filter(|&e| e <= 3) {
                match rest[1..end].trim() {
                    "x" | "X" => out.push((Mark::Ticked, at..at + end + 1)),
                    "" => out.push((Mark::Empty, at..at + end + 1)),
                    _ => {}
                }
                step = end + 1;
            }
        } else if c.is_alphabetic() {
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let word = &rest[..len];
            // Words glued by a PDF reader ("neinja", "JaNein") are read
            // as their answers.
            let mut k = 0;
            while k < len {
                let w = &word[k..];
                let found = ["Nein", "nein", "NEIN", "Ja", "ja", "JA"]
                    .into_iter()
                    .find(|a| w.starts_with(a));
                let whole = matches!(word, "x" | "X");
                match found {
                    Some(a) if word.len() <= 12 => {
                        let m = if a.len() == 2 { Mark::Ja } else { Mark::Nein };
                        out.push((m, at + k..at + k + a.len()));
                        k += a.len();
                    }
                    _ => {
                        if whole {
                            out.push((Mark::Ticked, at..at + len));
                        }
                        break;
                    }
                }
            }
            // Only a word made of answers counts ("Januar" is none).
            if k < len && k > 0 {
                let keep = out.len() - out.iter().rev().take_while(|(_, r)| r.start >= at).count();
                out.truncate(keep);
            }
            step = len;
        }
        at += step;
    }
    out
}

/// Whether `text` holds answers and boxes and nothing else.
fn only_marks(text: &str) -> bool {
    let placed = placed_marks(text);
    if placed.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for (_, r) in &placed {
        rest.push_str(&text[at..r.start]);
        at = r.end;
    }
    rest.push_str(&text[at..]);
    !rest.chars().any(char::is_alphanumeric)
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
/// answer at the start decides. A single box beside two answers belongs to
/// the answer it stands next to: before both, the first; after both, the
/// last; between them, the nearer one (at equal distance it is unknown).
fn decide(placed: &[(Mark, std::ops::Range<usize>)], at_start: bool) -> Option<bool> {
    let marks: Vec<Mark> = placed.iter().map(|(m, _)| *m).collect();
    let is_box = |m: &Mark| matches!(m, Mark::Ticked | Mark::Empty);
    if !marks.iter().any(is_box) {
        return match marks.as_slice() {
            [Mark::Ja] if at_start => Some(true),
            [Mark::Nein] if at_start => Some(false),
            _ => None,
        };
    }
    if let [a, b, c] = placed {
        let answer = |m: Mark| {
            (m == Mark::Ja)
                .then_some(true)
                .or((m == Mark::Nein).then_some(false))
        };
        let single = match (is_box(&a.0), is_box(&b.0), is_box(&c.0)) {
            (true, false, false) => Some((a.0, answer(b.0))),
            (false, false, true) => Some((c.0, answer(b.0))),
            (false, true, false) => {
                let left = b.1.start.saturating_sub(a.1.end);
                let right = c.1.start.saturating_sub(b.1.end);
                let near = if left < right {
                    answer(a.0)
                } else if right < left {
                    answer(c.0)
                } else {
                    None
                };
                Some((b.0, near))
            }
            _ => None,
        };
        if let Some((mark, side)) = single {
            return side.filter(|_| mark == Mark::Ticked);
        }
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
        rows.push(FinanceRow {
            label,
            amounts,
            ..FinanceRow::default()
        });
    }
    Some((years, rows))
}

/// Whether the text names thousands as the unit ("in T€", "TEUR", "Tsd.").
fn thousands_unit(text: &str) -> bool {
    // All three start with 'T': one search for it, then a comparison.
    let b = text.as_bytes();
    memchr::memchr_iter(b'T', b).any(|at| {
        let rest = &b[at..];
        rest.starts_with("T€".as_bytes()) || rest.starts_with(b"TEUR") || rest.starts_with(b"Tsd")
    })
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
    // A last head after the years may name a total column ("Gesamt",
    // "Summe"); its cells are not a year's.
    let years = match years.split_last() {
        Some((last, rest))
            if rest.len() >= 2
                && !is_year(last.text.trim())
                && last.text.trim().chars().all(char::is_alphabetic) =>
        {
            rest
        }
        _ => years,
    };
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
fn amount_after_label(cell: &str, fillers: &[String]) -> Option<f64> {
    let mut rest = cell.trim_start_matches([':', ' ']).trim_start();
    loop {
        let word = rest.split_whitespace().next()?;
        let lower = word.to_lowercase();
        if fillers.contains(&lower) {
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

// ---------------------------------------------------------------------------
// Label/amount items: the finance box as a list, not a year grid.
//
// Three layout families print their amounts this way:
//
// - **label lines**: "Gesamtkosten: 17.387,50 Euro", "Jährlicher Ertrag:
//   ~13,8 Mio. €", "Zimmer- und Holzbauarbeiten 614.884,51 €", or a label
//   line ending in a colon with the amount on the next line;
// - **amounts per year in lines**: "2019   56.786,80 €", "In 2006: 250.000
//   €", "Ergebnis-HH 2016 = 175.668 €", "HHJ 2022: 30.000 Euro, HHJ 2023:
//   60.000 Euro", "80.000 EUR in 2020": one row per label, one amount per
//   year;
// - **a label column printed above its value column** (Word forms whose
//   table a PDF reader emits column by column): the labels of
//   `finance_row_labels` stacked line by line, then the bare amounts. The
//   amounts are paired with the labels in order when there are as many of
//   both; otherwise only the first amount with the first label, and only
//   when that label is a total (a form's first row is its total, and a
//   total cell is not left empty while later cells are filled).
// ---------------------------------------------------------------------------

/// A money amount in a line: its byte span and value in euros.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Money {
    start: usize,
    end: usize,
    /// `None` for a placeholder cell ("-").
    value: Option<f64>,
}

/// One item found in the section before rows are built.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    label: String,
    year: Option<String>,
    value: f64,
    recurring: bool,
}

/// The vocabulary the item reader needs.
struct ItemWords<'r> {
    row_labels: &'r [String],
    total_labels_lower: &'r [String],
    recurring: &'r [String],
    fillers: &'r [String],
    year_words: &'r [String],
    part_words: &'r [String],
}

/// Longest line taken as a label for the lone amount below it.
const SOFT_LABEL_LEN: usize = 40;

/// German function words that, ending a label line, say the label goes on
/// in the next line ("Gesamtaufwand der" / "Maßnahme").
const LABEL_JOINERS: &[&str] = &[
    "der", "die", "das", "des", "den", "dem", "durch", "mit", "und", "für", "von", "zur", "zum",
    "aus", "bei", "im", "in",
];

/// Amounts in `line`, left to right. An amount is a German number with a
/// currency unit before or after it, or a grouped number ("48.000",
/// "1.234,50") at the end of the line or before a word of `fillers`/
/// `recurring`; years, dates, account and paper numbers are not amounts.
/// A lone "-" between amounts is a placeholder. Two amounts joined by
/// "-"/"bis" are a range, taken as its upper end.
fn money_in(line: &str, words: &ItemWords<'_>) -> Vec<Money> {
    let bytes = line.as_bytes();
    let mut out: Vec<Money> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let prev = line[..i].chars().next_back();
        // "113, 7 Mio." is a number broken at its comma, not a 7.
        // "6. 800 €" one broken at its thousands dot (three digits after
        // the gap).
        let run = line[i..].bytes().take_while(u8::is_ascii_digit).count();
        let broken_thousands = run == 3
            && line[..i].ends_with(". ")
            && line[..i - 2]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .is_some_and(|d| (1..=3).contains(&d.len()))
            && !line[i + run..].starts_with(['.', ',']);
        let broken_decimal = broken_thousands
            || line[..i]
                .trim_end()
                .strip_suffix(',')
                .is_some_and(|before| before.ends_with(|c: char| c.is_ascii_digit()));
        if b.is_ascii_digit() && broken_decimal {
            // An unreadable cell, not an empty one.
            out.push(Money {
                start: i,
                end: i + 1,
                value: None,
            });
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let starts_number = b.is_ascii_digit()
            && prev.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '§')));
        if !starts_number {
            // An empty cell in a value column: "keine" between amounts.
            if (line[i..].starts_with("keine ") || line[i..].starts_with("Keine "))
                && prev.is_none_or(char::is_whitespace)
                && out.last().is_some_and(|m| m.value.is_some())
            {
                out.push(Money {
                    start: i,
                    end: i + 5,
                    value: None,
                });
                i += 5;
                continue;
            }
            // A placeholder: a lone dash ("-", "—-") between spaces, after
            // an amount or alone on its line.
            let dash_len = line[i..]
                .find(|c: char| !matches!(c, '-' | '–' | '—'))
                .unwrap_or(line.len() - i);
            if dash_len > 0
                && line[i..i + dash_len].chars().count() <= 3
                && prev.is_none_or(char::is_whitespace)
                && line[i + dash_len..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
                && (!out.is_empty() || line.trim() == &line[i..i + dash_len])
            {
                out.push(Money {
                    start: i,
                    end: i + dash_len,
                    value: None,
                });
                i += dash_len;
                continue;
            }
            i += line[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let mut end = i;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit() || matches!(bytes[end], b'.' | b','))
        {
            end += 1;
        }
        // "1.000,-" and "1.000,--".
        let mut number_end = end;
        if line[..end].ends_with(',') {
            while number_end < bytes.len() && bytes[number_end] == b'-' {
                number_end += 1;
            }
        }
        let mut raw = std::borrow::Cow::Borrowed(line[i..end].trim_end_matches(['.', ',']));
        // "113, 7 Mio.": a number broken after its decimal comma, one or
        // two digits and a unit after the gap, is one number.
        if number_end == end && line[..end].ends_with(',') && line[end..].starts_with(' ') {
            let frac = line[end + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let after = end + 1 + frac;
            if (1..=2).contains(&frac)
                && !line[after..].starts_with(['.', ','])
                && unit_after(line, after).0.is_some()
            {
                raw = std::borrow::Cow::Owned(format!("{},{}", raw, &line[end + 1..after]));
                end = after;
                number_end = after;
            }
        }
        let next_rest = &line[number_end..];
        let glued_ref =
            next_rest.starts_with('/') && next_rest[1..].starts_with(|c: char| c.is_ascii_digit());
        let value = if glued_ref {
            None
        } else {
            parse_german_number(&raw)
        };
        let Some(mut value) = value else {
            i = end.max(i + 1);
            continue;
        };
        let mut back = line[..i].chars().rev();
        let negative =
            matches!(back.next(), Some('-' | '−')) && back.next().is_none_or(char::is_whitespace);
        // The unit after the number (glued or after spaces), at most two
        // words ("Mio. €").
        let (scale, unit_end) = unit_after(line, number_end);
        let unit_before = {
            let before = line[..i].trim_end_matches(['-', '−', ' ']);
            let last = before.rsplit(' ').next().unwrap_or("");
            matches!(last, "€" | "EUR" | "Euro")
        };
        let grouped = raw.contains('.');
        let is_year_like = !grouped && is_year(&raw);
        let has_unit = scale.is_some() || unit_before;
        if !has_unit {
            let after = line[number_end..].trim_start();
            let next_word = after
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches([',', ';'])
                .to_lowercase();
            let ends_ok = next_word.is_empty()
                || after.starts_with(['-', '–'])
                || next_word == "bis"
                || words.fillers.contains(&next_word)
                || words
                    .recurring
                    .iter()
                    .any(|r| next_word.starts_with(r.as_str()));
            if !grouped || is_year_like || !ends_ok {
                i = end.max(i + 1);
                continue;
            }
        }
        value = (value * scale.unwrap_or(1.0) * 100.0).round() / 100.0;
        if negative {
            value = -value;
        }
        let start = if negative {
            line[..i].char_indices().next_back().map_or(i, |(k, _)| k)
        } else {
            i
        };
        out.push(Money {
            start,
            end: unit_end,
            value: Some(value),
        });
        i = unit_end.max(i + 1);
    }
    drop_ranges(line, &mut out);
    out
}

/// Joins the ends of a range into one amount, the upper end ("5.000 -
/// 30.000 Euro", "5.000 bis 30.000").
fn drop_ranges(line: &str, out: &mut Vec<Money>) {
    let mut k = 0;
    while k + 1 < out.len() {
        let (a, b) = (out[k], out[k + 1]);
        let between = line[a.end..b.start].trim();
        let joined = a.value.is_some()
            && (b.value.is_some() || between.is_empty())
            && matches!(between, "-" | "–" | "bis" | "");
        // A placeholder dash right before an amount is the range's dash.
        // A range's dash stands close to its ends ("5.000 - 30.000"); a
        // dash between column gaps is an empty cell.
        let close = |gap: &str| gap.trim().is_empty() && gap.len() <= 1;
        let dash_then_amount = b.value.is_none()
            && matches!(&line[b.start..b.end], "-" | "–")
            && out
                .get(k + 2)
                .is_some_and(|c| c.value.is_some() && close(&line[b.end..c.start]))
            && close(&line[a.end..b.start]);
        if dash_then_amount {
            let upper = out[k + 2];
            out[k] = Money {
                start: a.start,
                end: upper.end,
                value: upper.value,
            };
            out.drain(k + 1..k + 3);
            k += 1;
            continue;
        }
        if joined && !between.is_empty() {
            // A range is one amount: its upper end, what is to be budgeted
            // for ("5.000 - 30.000 Euro" gives 30.000).
            out[k] = Money {
                start: a.start,
                end: b.end,
                value: b.value,
            };
            out.remove(k + 1);
            k += 1;
            continue;
        }
        k += 1;
    }
}

/// The factor of the unit right after a number and where it ends.
fn unit_after(line: &str, at: usize) -> (Option<f64>, usize) {
    let rest = &line[at..];
    let trimmed = rest.trim_start();
    let skip = rest.len() - trimmed.len();
    if skip > 3 {
        return (None, at);
    }
    let mut scale: Option<f64> = None;
    let mut pos = at + skip;
    for _ in 0..2 {
        let word_rest = &line[pos..];
        let word_len = word_rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '(' | '/'))
            .unwrap_or(word_rest.len());
        let word = &word_rest[..word_len];
        let (unit, used) = unit_word(word);
        let Some(unit) = unit else { break };
        scale = Some(scale.unwrap_or(1.0) * unit);
        pos += used;
        let after = &line[pos..];
        let t = after.trim_start();
        if after.len() - t.len() > 2 {
            break;
        }
        pos += after.len() - t.len();
    }
    (scale, if scale.is_some() { pos } else { at })
}

/// A unit word at the start of `word` and how many bytes it takes:
/// "€", "EUR", "Euro" (also "Euronetto", hyphenated "Eu-"), "T€", "TEUR",
/// "Tsd.", "Mio.", "Mrd.".
fn unit_word(word: &str) -> (Option<f64>, usize) {
    let w = word.trim_end_matches(['.', ':']);
    if let Some(s) = unit_scale(w) {
        return (Some(s), word.len());
    }
    for (prefix, scale) in [
        ("€", 1.0),
        ("Euro", 1.0),
        ("EUR", 1.0),
        ("Eu-", 1.0),
        ("T€", 1000.0),
        ("TEUR", 1000.0),
    ] {
        if let Some(rest) = word.strip_prefix(prefix) {
            if !rest.starts_with(|c: char| c.is_alphabetic()) || matches!(rest, "netto" | "brutto")
            {
                return (Some(scale), word.len());
            }
        }
    }
    (None, 0)
}

/// The standalone years (1900–2099) in `text` with their byte spans.
fn years_in(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let Some(w) = text.get(i..i + 4) else {
            i += 1;
            continue;
        };
        let before_ok =
            i == 0 || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'.' | b',' | b'/'));
        let after_ok = i + 4 == b.len()
            || !(b[i + 4].is_ascii_alphanumeric()
                || (matches!(b[i + 4], b'.' | b',' | b'/')
                    && b.get(i + 5).is_some_and(u8::is_ascii_digit)));
        if before_ok && after_ok && is_year(w) {
            out.push((i, w));
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

impl ItemWords<'_> {
    fn is_recurring(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.recurring.iter().any(|r| {
            if r.starts_with(|c: char| c.is_alphabetic()) {
                super::sections::contains_word(&lower, r)
            } else {
                lower.contains(r.as_str())
            }
        })
    }

    /// The label text with marks, fillers, years and punctuation removed.
    fn clean_label(&self, text: &str) -> String {
        let mut words: Vec<&str> = Vec::new();
        for w in text.split_whitespace() {
            let bare = w.trim_matches(|c: char| matches!(c, ':' | '=' | ',' | ';' | '|'));
            let lower = bare.to_lowercase();
            if bare.is_empty()
                || bare
                    .chars()
                    .all(|c| TICKED.contains(&c) || EMPTY.contains(&c) || c == '-')
                || matches!(lower.as_str(), "ja" | "nein" | "x")
                || self.fillers.contains(&lower)
                || is_year(bare)
            {
                continue;
            }
            words.push(w);
        }
        // Year words only at the ends ("In 2006:", "HHJ 2022:").
        while words.first().is_some_and(|w| self.is_year_word(w)) {
            words.remove(0);
        }
        while words.last().is_some_and(|w| self.is_year_word(w)) {
            words.pop();
        }
        words
            .join(" ")
            .trim_matches(|c: char| matches!(c, ':' | '=' | ',' | ';' | ' ' | '-' | '–'))
            .to_string()
    }

    /// Whether the text after an amount goes on as a sentence: words that
    /// are not fillers, units, years or recurring words ("bei
    /// vollständiger Umsetzung", "für den Rahmenplan"). A parenthesis ends
    /// the test ("(Anlage 3)", "(netto)").
    fn is_prose(&self, after: &str) -> bool {
        let head = after.split('(').next().unwrap_or("");
        let mut words = 0;
        for w in head.split_whitespace() {
            let bare = w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ':' | '/' | '-'));
            let lower = bare.to_lowercase();
            if bare.is_empty()
                || !bare.chars().any(char::is_alphabetic)
                || is_year(bare)
                || unit_word(bare).0.is_some()
                || self
                    .fillers
                    .iter()
                    .any(|f| f.trim_end_matches('.') == lower.trim_end_matches('.'))
                || self.is_year_word(bare)
                || self.is_recurring(w)
                || matches!(lower.as_str(), "ja" | "nein" | "x")
            {
                continue;
            }
            words += 1;
        }
        words >= 2
    }

    /// Whether the text before an amount ends like a label: a colon or
    /// "=" (fillers such as "ca." may follow), or a column gap.
    fn label_delimited(&self, segment: &str) -> bool {
        if segment.ends_with("  ") || segment.ends_with('\t') {
            return true;
        }
        let mut t = segment.trim_end();
        while let Some(last) = t
            .rsplit(char::is_whitespace)
            .next()
            .filter(|w| !w.is_empty())
        {
            let lower = last.to_lowercase();
            if self.fillers.contains(&lower) || is_year(last.trim_end_matches(':')) {
                t = t[..t.len() - last.len()].trim_end();
            } else {
                break;
            }
        }
        t.ends_with([':', '='])
    }

    /// A year right after an amount: "in 2020", "(2016, 2017)", "2019".
    fn year_after(&self, after: &str) -> Option<String> {
        let a = after.trim_start();
        let first = a.split_whitespace().next().unwrap_or("");
        let inner = first.trim_matches(['(', ')', ',', ':']);
        if is_year(inner) {
            return Some(inner.to_string());
        }
        if !self.is_year_word(first) {
            return None;
        }
        let rest = a[first.len()..].trim_start();
        let next = rest.split_whitespace().next().unwrap_or("");
        let next = next.trim_matches(['(', ')', ',', ':', '.']);
        is_year(next).then(|| next.to_string())
    }

    /// Whether `text` ends with a word that makes the next amount a part
    /// of the one before ("davon", "darin enthalten").
    fn ends_with_part_word(&self, text: &str) -> bool {
        let lower = text.trim_end().trim_end_matches([':', ',']).to_lowercase();
        self.part_words
            .iter()
            .any(|p| super::sections::ends_with_word(&lower, p))
    }

    fn is_year_word(&self, w: &str) -> bool {
        let lower = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        self.year_words.contains(&lower)
    }

    fn starts_row_label(&self, t: &str) -> bool {
        let t =
            t.trim_start_matches(|c: char| TICKED.contains(&c) || EMPTY.contains(&c) || c == ' ');
        if !t.starts_with(char::is_uppercase) {
            return false;
        }
        let lower = t.to_lowercase();
        self.row_labels.iter().any(|l| {
            lower.starts_with(l.as_str())
                && lower[l.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        })
    }

    fn is_total(&self, label: &str) -> bool {
        let lower = label.to_lowercase();
        self.total_labels_lower
            .iter()
            .any(|l| lower.starts_with(l.as_str()))
    }
}

/// The items of a finance section that has no year grid.
///
/// Also returns whether the section prints any amount at all (in a
/// sentence too), which tells an impact where the boxes were lost.
fn items(
    section: &[SectionLine<'_>],
    heading_end: usize,
    words: &ItemWords<'_>,
) -> (Vec<Item>, bool) {
    let mut found: Vec<Item> = Vec::new();
    let mut prints_amount = false;
    // The label column: labels without amounts, in order.
    let mut stacked: Vec<String> = Vec::new();
    // The value column: bare amounts after the labels, in order, with
    // whether they recur and their year.
    let mut bare: Vec<Option<(f64, bool, Option<String>)>> = Vec::new();
    // Whether the first amount after the label column had a label of its
    // own (then the column's first cell is not the first bare amount).
    let mut first_labelled: Option<bool> = None;
    // A label line ending in a colon whose amount follows.
    let mut open: Option<String> = None;
    // The label of the last yearly item, for year lines without one.
    let mut carry: Option<String> = None;
    // The previous line was a label of the column (or its continuation).
    let mut in_label = false;
    // A line ending in a hyphen whose word goes on in the next line.
    let mut broken: Option<String> = None;
    // The year an open label names ("Betriebskosten 2020:").
    let mut open_year: Option<String> = None;
    // A short label line without colon right above a lone amount
    // ("Betrieb/Unterhaltung" / "110.000 EUR/a").
    let mut soft: Option<String> = None;
    // The previous non-blank line, for "… davon" / "19.000 € für …".
    let mut prev_line = "";
    // Whether the previous non-blank line held an amount.
    let mut prev_money = false;
    // A blank line came since the last non-blank one.
    let mut gap = false;
    for (n, line) in section.iter().enumerate() {
        let text = if n == 0 {
            line.text.get(heading_end..).unwrap_or("")
        } else {
            line.text
        };
        let t = text.trim();
        if t.is_empty() {
            gap = true;
            continue;
        }
        let after_gap = std::mem::replace(&mut gap, false);
        let money = money_in(text, words);
        prints_amount |= money.iter().any(|m| m.value.is_some_and(|v| v != 0.0));
        let before = std::mem::replace(&mut prev_line, t);
        let soft_label = soft.take();
        let after_money =
            std::mem::replace(&mut prev_money, money.iter().any(|m| m.value.is_some()));
        if money.iter().all(|m| m.value.is_none()) {
            // No amount: a label of the column, its continuation, an open
            // label, or other text.
            let glued = broken.take();
            if words.starts_row_label(t) && t.len() < 80 && !t.ends_with('.') {
                // Set apart below the label column, right above an amount,
                // a label is that amount's own ("Jährliche Mehreinnahmen" /
                // "ca. 149.000 €" under the form's four column labels),
                // not a further cell of the column.
                let amount_below = section[n + 1..]
                    .iter()
                    .map(|l| l.text.trim())
                    .find(|l| !l.is_empty())
                    .is_some_and(|l| money_in(l, words).iter().any(|m| m.value.is_some()));
                if after_gap && !stacked.is_empty() && amount_below {
                    in_label = false;
                    open = Some(words.clean_label(t)).filter(|l| is_label(l));
                    open_year = years_in(t).last().map(|(_, y)| y.to_string());
                    continue;
                }
                stacked.push(t.to_string());
                in_label = true;
                open = t.ends_with(':').then(|| words.clean_label(t));
                open_year = years_in(t).last().map(|(_, y)| y.to_string());
                continue;
            }
            let continues = in_label
                && stacked.last().is_some_and(|last| {
                    ends_open(last) || t.starts_with(|c: char| c.is_lowercase() || c == '(')
                });
            if continues {
                if let Some(last) = stacked.last_mut() {
                    if last.ends_with('-') && t.starts_with(|c: char| c.is_lowercase()) {
                        last.pop();
                    } else {
                        last.push(' ');
                    }
                    last.push_str(t);
                }
                continue;
            }
            in_label = false;
            let hyphenated = t
                .strip_suffix('-')
                .is_some_and(|w| w.ends_with(char::is_alphabetic));
            if hyphenated && t.len() < 60 {
                broken = Some(t.trim_end_matches('-').to_string());
            } else if t.ends_with(':') && t.len() < 80 {
                let whole = match glued {
                    Some(g) if t.starts_with(|c: char| c.is_lowercase()) => format!("{g}{t}"),
                    _ => t.to_string(),
                };
                open = Some(words.clean_label(&whole)).filter(|l| is_label(l));
                open_year = years_in(&whole).last().map(|(_, y)| y.to_string());
            } else if !money.is_empty() {
                // Dashes only: empty cells of the value column.
                bare.extend(money.iter().map(|_| None));
            } else {
                let cleaned = words.clean_label(t);
                // Only between amounts: a label line below a sentence or
                // another label may end that one ("Refinanzierung durch
                // lfd." / "Pachtzahlungen").
                if after_money
                    && t.len() <= SOFT_LABEL_LEN
                    && !t.ends_with(['.', ',', ';'])
                    && !cleaned.contains(':')
                    && is_label(&cleaned)
                    && cleaned.split_whitespace().count() <= 4
                {
                    soft = Some(cleaned);
                }
            }
            continue;
        }
        in_label = false;
        broken = None;
        let mut from = 0;
        let mut line_label: Option<String> = None;
        // Counted once: a line of thousands of amounts (text exported
        // without line breaks) stays linear.
        let lone = money.iter().filter(|m| m.value.is_some()).count() == 1;
        for (k, m) in money.iter().enumerate() {
            let Some(value) = m.value else {
                if line_label.is_none() {
                    bare.push(None);
                }
                from = m.end;
                continue;
            };
            let segment = &text[from..m.start];
            let next_start = money.get(k + 1).map_or(text.len(), |n| n.start);
            let after = &text[m.end..next_start];
            from = m.end;
            let prose_after = words.is_prose(after);
            // "79.000 Euro, davon 19.000 Euro für …": a part of the amount
            // before it, no item of its own.
            let lead = if segment.chars().any(char::is_alphabetic) {
                segment
            } else if k == 0 {
                before
            } else {
                ""
            };
            if words.ends_with_part_word(lead) {
                continue;
            }
            // The year of the item: in the text before it, or "in 2020"
            // right after it.
            let year = years_in(segment)
                .last()
                .map(|(_, y)| y.to_string())
                .or_else(|| words.year_after(after));
            let cleaned = words.clean_label(segment);
            if cleaned.chars().any(char::is_alphabetic) {
                // Text before the amount: a label ("Gesamtkosten:",
                // "Ergebnis-HH 2016 =", "Zimmer- und Holzbauarbeiten"),
                // or a sentence the amount stands in ("… um ca. 5 Mio.
                // Euro bei vollständiger Umsetzung"), which is no item.
                let delimited = words.label_delimited(segment);
                let plain = cleaned.split_whitespace().all(|w| {
                    !w.starts_with(|c: char| c.is_lowercase())
                        || LABEL_JOINERS.contains(&w.to_lowercase().as_str())
                        || w.ends_with('.')
                });
                if !is_label(&cleaned)
                    || prose_after
                    || !(delimited || plain)
                    || cleaned.contains(':')
                    || cleaned.split_whitespace().any(is_account_number)
                {
                    continue;
                }
            } else if (prose_after && line_label.is_none() && open.is_none())
                || segment.split_whitespace().any(is_account_number)
            {
                // An amount in a sentence, or beside an account or
                // position number ("7.500004.740.010   37.500 €").
                continue;
            }
            let label = Some(cleaned).filter(|l| is_label(l));
            // A label after its amount names a part of a cell ("171.900 €
            // Fördermittel", "3,45 Mio Euro Kaufpreis").
            let trailing = {
                let raw = after.split('(').next().unwrap_or("").trim();
                let tail = words.clean_label(raw);
                (tail.split_whitespace().count() <= 3
                    && !raw.ends_with('-')
                    && !raw.contains(|c: char| c.is_ascii_digit() || c == '%')
                    && !words.is_recurring(&tail)
                    && is_label(&tail))
                .then_some(tail)
            };
            let recurring = words.is_recurring(after.split(['(', ',']).next().unwrap_or(""))
                || label.as_deref().is_some_and(|l| words.is_recurring(l));
            // A label before several amounts of one line names them only
            // with a year each ("HHJ 2022: …, HHJ 2023: …").
            let (label, year) =
                match label.or_else(|| line_label.clone().filter(|_| year.is_some())) {
                    Some(l) => (Some(l), year),
                    None => match &open {
                        Some(l) => (Some(l.clone()), year.or_else(|| open_year.clone())),
                        None if trailing.is_some() => (trailing, year),
                        None => (
                            soft_label
                                .clone()
                                .filter(|_| lone)
                                .or_else(|| year.as_ref().and(carry.clone())),
                            year,
                        ),
                    },
                };
            match label {
                Some(label) => {
                    if !stacked.is_empty() {
                        first_labelled.get_or_insert(true);
                    }
                    let recurring = recurring || words.is_recurring(&label);
                    if year.is_some() {
                        carry = Some(label.clone());
                    }
                    line_label = Some(label.clone());
                    let item = Item {
                        label,
                        year,
                        value,
                        recurring,
                    };
                    // A cell repeated in another column is one item.
                    if !found.contains(&item) {
                        found.push(item);
                    }
                }
                None => {
                    first_labelled.get_or_insert(false);
                    bare.push(Some((value, recurring, year)));
                }
            }
        }
        if line_label.is_some() {
            open = None;
            open_year = None;
        }
    }
    // Pair the label column with the value column.
    let labels: Vec<String> = stacked.iter().map(|l| words.clean_label(l)).collect();
    let mut column: Vec<Item> = Vec::new();
    let has_year =
        |v: &Option<(f64, bool, Option<String>)>| v.as_ref().is_some_and(|b| b.2.is_some());
    if !labels.is_empty() && labels.len() == bare.len() && !bare.iter().any(has_year) {
        for (label, v) in labels.iter().zip(&bare) {
            if let Some((value, rec, _)) = v {
                column.push(Item {
                    label: label.clone(),
                    year: None,
                    value: *value,
                    recurring: *rec || words.is_recurring(label),
                });
            }
        }
    } else if let (Some(first), Some(Some((value, rec, year))), Some(false)) =
        (labels.first(), bare.first(), first_labelled)
    {
        // Only the first cell is sure: the total's. Amounts by year at
        // the top of the value column are that one cell's.
        if words.is_total(first) {
            if year.is_none() {
                column.push(Item {
                    label: first.clone(),
                    year: None,
                    value: *value,
                    recurring: *rec,
                });
            } else {
                let mut seen: Vec<&String> = Vec::new();
                for (value, rec, year) in bare.iter().map_while(|v| v.as_ref()) {
                    let Some(y) = year.as_ref().filter(|y| !seen.contains(y)) else {
                        break;
                    };
                    seen.push(y);
                    column.push(Item {
                        label: first.clone(),
                        year: Some(y.clone()),
                        value: *value,
                        recurring: *rec,
                    });
                }
            }
        }
    }
    (column.into_iter().chain(found).collect(), prints_amount)
}

/// Whether a word is an account, position or file number ("4.210.001.23",
/// "7.620003.705", "43000000"): digits grouped by dots, or four and more
/// digits that are not a year. "Variante 1", "BA 2" are labels.
fn is_account_number(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let digits = w.chars().filter(char::is_ascii_digit).count();
    digits > 0 && !is_year(w) && (digits >= 4 || w.contains('.') && digits >= 3)
}

/// Whether cleaned text can be an item's label: it has a capitalised word
/// (a noun or an abbreviation: "einmalige Kosten", not "bzw."), a word of
/// three letters or more, is short, and does not end in a word that needs
/// more ("Die Kosten belaufen sich auf", "um").
fn is_label(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    label.starts_with(char::is_alphanumeric)
        && words.iter().any(|w| w.starts_with(char::is_uppercase))
        && label.len() <= 80
        && words.len() <= 8
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        && !words.last().is_some_and(|w| {
            LABEL_JOINERS.contains(&w.to_lowercase().as_str())
                || matches!(
                    w.to_lowercase().as_str(),
                    "um" | "auf" | "sich" | "ca." | "rund"
                )
        })
}

/// Whether a label line goes on in the next line: it ends with a hyphen or
/// a function word ("Gesamtaufwand der", "Finanzierung durch").
fn ends_open(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with('-')
        || t.rsplit(' ')
            .next()
            .is_some_and(|w| LABEL_JOINERS.contains(&w.to_lowercase().as_str()))
}

/// Years and rows from items: a row per label; items with a year fill that
/// year's column, an item without one is the row's `amount`.
fn rows_from_items(items: &[Item]) -> (Vec<String>, Vec<FinanceRow>) {
    let mut years: Vec<String> = items.iter().filter_map(|i| i.year.clone()).collect();
    years.sort();
    years.dedup();
    let mut rows: Vec<FinanceRow> = Vec::new();
    for item in items {
        let at = rows.iter().position(|r| {
            r.label == item.label
                && match &item.year {
                    Some(y) => {
                        let col = years.iter().position(|x| x == y).unwrap_or(0);
                        r.amounts.get(col).is_some_and(Option::is_none) && r.amount.is_none()
                    }
                    None => r.amount.is_none(),
                }
        });
        let i = match at {
            Some(i) => i,
            None => {
                rows.push(FinanceRow {
                    label: item.label.clone(),
                    amounts: vec![None; years.len()],
                    amount: None,
                    recurring: false,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        row.recurring |= item.recurring;
        match &item.year {
            Some(y) => {
                if let Some(col) = years.iter().position(|x| x == y) {
                    row.amounts[col] = Some(item.value);
                }
            }
            None => row.amount = Some(item.value),
        }
    }
    (years, rows)
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
            // One box between two answers belongs to the nearer one; at
            // equal distance the text does not say which.
            ("Finanzielle Auswirkungen Ja X Nein", None),
            ("Finanzielle Auswirkungen Ja  X        Nein", Some(true)),
            ("Finanzielle Auswirkungen:  nein x      ja", Some(false)),
            // One box before both answers is the first one's, after both
            // the last one's.
            (
                "Finanzielle Auswirkungen (bitte ankreuzen)   x nein  ja",
                Some(false),
            ),
            ("Finanzielle Auswirkungen:  nein  ja x", Some(true)),
            // Boxes and answers a reader put on lines of their own.
            (
                "Finanzielle Auswirkungen (bitte ankreuzen)\nX\nnein\nja\n",
                Some(false),
            ),
            ("Finanzielle Auswirkungennein ja x\n", Some(true)),
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
            // An amount stated where no box is printed is an impact
            // (income too).
            (
                "Finanzielle Auswirkungen:\n\nErträge von ca. 1.500 Euro pro Jahr.",
                Some(true),
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
    fn tab_grid_with_a_total_column() {
        let text = "Finanzielle Auswirkungen\n☐ Nein\t☒ Ja\n\
                    Haushaltsjahr\t2025\t2026\tGesamt\n\
                    Auszahlungen\t100 €\t200 €\t300 €\n\
                    Einzahlungen\t10 €\t20 €\t30 €\n";
        let f = find(text).unwrap();
        assert_eq!(f.years, vec!["2025", "2026"]);
        assert_eq!(
            rows(text),
            vec![
                (
                    "Auszahlungen".to_string(),
                    vec![Some(100.0), Some(200.0)],
                    None,
                    false
                ),
                (
                    "Einzahlungen".to_string(),
                    vec![Some(10.0), Some(20.0)],
                    None,
                    false
                ),
            ]
        );
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

    /// A row as (label, amounts, amount, recurring).
    type RowView = (String, Vec<Option<f64>>, Option<f64>, bool);

    fn rows(text: &str) -> Vec<RowView> {
        find(text)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.label, r.amounts, r.amount, r.recurring))
            .collect()
    }

    #[test]
    fn label_lines_give_one_amount_each() {
        let text = "Finanzielle Auswirkungen Ja ☒ Nein ☐\n\
                    Gesamtkosten: ca. 250.000 Euro (netto)\n\
                    Jährliche Folgekosten: 12.500 €\n\
                    Gesamteinzahlung: -\n\
                    Eigenanteil der Stadt:\n\
                    1,5 Mio. €\n\
                    einmalige Sachkosten      3.000 €\n\
                    Mittelbedarf: 5.000 - 30.000 Euro\n\
                    Anlagen\n";
        let f = find(text).unwrap();
        assert_eq!(f.impact, Some(true));
        assert!(f.years.is_empty());
        assert_eq!(
            rows(text),
            vec![
                ("Gesamtkosten".to_string(), vec![], Some(250_000.0), false),
                (
                    "Jährliche Folgekosten".to_string(),
                    vec![],
                    Some(12_500.0),
                    true
                ),
                (
                    "Eigenanteil der Stadt".to_string(),
                    vec![],
                    Some(1_500_000.0),
                    false
                ),
                (
                    "einmalige Sachkosten".to_string(),
                    vec![],
                    Some(3_000.0),
                    false
                ),
                // A range gives its upper end.
                ("Mittelbedarf".to_string(), vec![], Some(30_000.0), false),
            ]
        );
        assert_eq!(f.total, Some(250_000.0));
    }

    #[test]
    fn amounts_per_year_in_lines_make_year_columns() {
        let text = "Finanzielle Auswirkungen:\n\
                    Ergebnishaushalt 2025 = 10.000 €\n\
                    Ergebnishaushalt 2026 = 12.000 €\n\
                    Finanzhaushalt 2025 = 4.000 €\n\
                    Personalkosten:\n\
                    HHJ 2025: 1.000 Euro, HHJ 2026: 2.000 Euro\n\
                    Sachkosten: 2025: 500 €\n\
                    2026: 700 €\n\
                    Zuschuss 3.000 EUR in 2027\n";
        let f = find(text).unwrap();
        assert_eq!(f.impact, Some(true));
        assert_eq!(f.years, vec!["2025", "2026", "2027"]);
        assert_eq!(
            rows(text),
            vec![
                (
                    "Ergebnishaushalt".to_string(),
                    vec![Some(10_000.0), Some(12_000.0), None],
                    None,
                    false
                ),
                (
                    "Finanzhaushalt".to_string(),
                    vec![Some(4_000.0), None, None],
                    None,
                    false
                ),
                (
                    "Personalkosten".to_string(),
                    vec![Some(1_000.0), Some(2_000.0), None],
                    None,
                    false
                ),
                (
                    "Sachkosten".to_string(),
                    vec![Some(500.0), Some(700.0), None],
                    None,
                    false
                ),
                (
                    "Zuschuss".to_string(),
                    vec![None, None, Some(3_000.0)],
                    None,
                    false
                ),
            ]
        );
    }

    #[test]
    fn a_label_set_apart_below_the_column_is_its_amounts_own() {
        // The old four-column form: "Jährliche Mehreinnahmen" is written
        // into a cell below the column labels, right above its amount.
        let text = "Finanzielle Auswirkungen  nein  ja\n\
                    Gesamtaufwand der\nMaßnahme\n\
                    Einnahmen\n(Zuschüsse u. Ä.)\n\
                    Finanzierung durch\nstädtischen Haushalt\n\
                    Jährliche laufende Belastung\n(Folgekosten)\n \n\
                    Jährliche Mehreinnahmen\nca. 149.000 € (Anlage 3)\n";
        let got = rows(text);
        assert!(
            !got.iter().any(|r| r.0.starts_with("Gesamtaufwand")),
            "{got:?}"
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Jährliche Mehreinnahmen");
        assert_eq!(got[0].2, Some(149_000.0));
        // Directly under the column (no gap) a label is one more cell of
        // it, and the first bare amount is still the total's.
        let text = "Finanzielle Auswirkungen  nein  ja\n\
                    Gesamtaufwand der\nMaßnahme\n\
                    Einnahmen\n\n\
                    50.000 €\n";
        assert_eq!(rows(text)[0].0, "Gesamtaufwand der Maßnahme");
    }

    #[test]
    fn label_column_above_its_value_column() {
        // As many values as labels: paired in order; a dash is an empty
        // cell.
        let column = "Finanzielle Auswirkungen  nein  ja\n\
                      Gesamtkosten der\nMaßnahme\n\
                      Einnahmen\n(Zuschüsse u. Ä.)\n\
                      Finanzierung durch\nstädtischen Haushalt\n\
                      Jährliche laufende Be-\nlastung\n\n";
        let text = format!("{column}80.000 €   -   80.000 €   1.200 €/Jahr\n");
        let f = find(&text).unwrap();
        assert_eq!(f.impact, Some(true));
        assert_eq!(
            rows(&text),
            vec![
                (
                    "Gesamtkosten der Maßnahme".to_string(),
                    vec![],
                    Some(80_000.0),
                    false
                ),
                (
                    "Finanzierung durch städtischen Haushalt".to_string(),
                    vec![],
                    Some(80_000.0),
                    false
                ),
                (
                    "Jährliche laufende Belastung".to_string(),
                    vec![],
                    Some(1_200.0),
                    true
                ),
            ]
        );
        // Fewer values than labels: only the first, and only because the
        // first label is the total.
        let text = format!("{column}50.000 €   50.000 €\n");
        assert_eq!(
            rows(&text),
            vec![(
                "Gesamtkosten der Maßnahme".to_string(),
                vec![],
                Some(50_000.0),
                false
            )]
        );
        let text =
            "Finanzielle Auswirkungen\nEinnahmen\nAusgaben\nFolgekosten\n\n7.000 €  9.000 €\n";
        assert!(rows(text).is_empty());
    }

    #[test]
    fn value_column_cells_with_years_parts_and_sub_labels() {
        let column = "Finanzielle Auswirkungen\n\
                      Gesamtkosten der\nMaßnahme\n\
                      Einzahlungen\n\
                      Finanzierung durch\nstädtischen Haushalt\n\
                      Folgekosten\n\n";
        // Amounts by year at the top of the column: the total's cell.
        let text = format!("{column}2025: 40.000 €\n2026: 60.000 €\nkeine\n");
        assert_eq!(
            rows(&text),
            vec![(
                "Gesamtkosten der Maßnahme".to_string(),
                vec![Some(40_000.0), Some(60_000.0)],
                None,
                false
            )]
        );
        // "davon" makes the next amount a part of the cell before; a dash
        // alone on its line is an empty cell.
        let text = format!(
            "{column}90.000 Euro  20.000 Euro  70.000 Euro, davon\n5.000 Euro für Planung\n—-\n"
        );
        let got = rows(&text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[2].2, Some(70_000.0));
        // A short label line between amounts names the amount below it.
        let text =
            "Finanzielle Auswirkungen\nGesamtkosten der\nMaßnahme\nEinzahlungen\nFolgekosten\n\n\
                    1.000.000 Euro\nBetrieb und Wartung\n20.000 EUR/a\n";
        assert_eq!(
            rows(text),
            vec![
                (
                    "Gesamtkosten der Maßnahme".to_string(),
                    vec![],
                    Some(1_000_000.0),
                    false
                ),
                (
                    "Betrieb und Wartung".to_string(),
                    vec![],
                    Some(20_000.0),
                    true
                ),
            ]
        );
    }

    #[test]
    fn amounts_in_sentences_and_beside_account_numbers_are_no_items() {
        let text = "Finanzielle Auswirkungen:\n\
                    Die Kosten belaufen sich auf 50.000 € und werden aus dem Budget gedeckt.\n\
                    Minderung des Zuschusses um ca. 5 Mio. Euro bei voller Umsetzung\n\
                    Konto 4.210.001.23   12.000 €\n\
                    Stand 01.02.2024, PSP 7.620003.705\n";
        let f = find(text).unwrap();
        assert!(f.rows.is_empty(), "{:?}", f.rows);
        // The section states amounts and has no boxes: an impact.
        assert_eq!(f.impact, Some(true));
    }

    #[test]
    fn money_in_a_line() {
        let rules = FinanceRules::new(&Rules::builtin()).unwrap();
        let words = rules.item_words();
        let values = |line: &str| -> Vec<Option<f64>> {
            money_in(line, &words)
                .into_iter()
                .map(|m| m.value)
                .collect()
        };
        assert_eq!(
            values("Kosten: 1.000,- € und 2.500,50 EUR"),
            vec![Some(1000.0), Some(2500.5)]
        );
        assert_eq!(values("ca. 48.000"), vec![Some(48_000.0)]);
        assert_eq!(values("3,45 Mio Euro Kaufpreis"), vec![Some(3_450_000.0)]);
        assert_eq!(
            values("250 T€ und 98.500€"),
            vec![Some(250_000.0), Some(98_500.0)]
        );
        assert_eq!(values("-500 €"), vec![Some(-500.0)]);
        // A number broken at its comma is an unreadable cell.
        assert_eq!(values("ca. 113, 7 Mio. Euro"), vec![Some(113_700_000.0)]);
        assert_eq!(values("ca. 2, 75 Mio. €"), vec![Some(2_750_000.0)]);
        assert_eq!(values("6. 800 € (HJ 2022)"), vec![None]);
        // Ranges, dates, years, paper and account numbers are no amounts.
        // A range is its upper end.
        assert_eq!(values("5.000 - 30.000 Euro"), vec![Some(30_000.0)]);
        assert_eq!(values("5.000 bis 30.000 Euro"), vec![Some(30_000.0)]);
        assert_eq!(values("1,2 – 1,5 Mio. €"), vec![Some(1_500_000.0)]);
        assert!(values("am 07.11.2006 für 2024 (Vorlage 2024/0884), PSP 1.500.31.10").is_empty());
        assert!(values("§ 70 Abs. 1 GemO, 150 Plätze").is_empty());
    }

    #[test]
    fn no_section_no_finance() {
        assert_eq!(
            find("Beschlussvorschlag\nDer Rat beschließt.\n2021 2022 2023\nStraftaten 110 69 127"),
            None
        );
    }
}
