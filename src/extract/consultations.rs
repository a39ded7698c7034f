//! The Beratungsfolge: the bodies that discuss the paper, in printed order,
//! with meeting date, public status and role.
//!
//! A table header is a line made mostly of column words (Beratungsfolge,
//! Gremium, Datum, Termin, Zuständigkeit, Sitzung ist, TOP, Ö / N, …). Each
//! following line is a row when it names a body and has a date, a role or a
//! public mark. Cells are split at tabs or runs of spaces; rows whose
//! columns are separated by single spaces (plain text from some readers)
//! are split into word runs around the date, the TOP number and the status
//! letters. Cells are recognised by content, not by column position, so the
//! Erfurt (Datum / Behandlung / Zuständigkeit), ALLRIS (Gremium /
//! Zuständigkeit / Sitzung ist) and SessionNet (Sitzungstermin, Ö/N) layouts
//! all work.

use std::ops::Range;

use super::scan::{cells, DatePattern, Doc};
use super::{Evidence, Found, Rules, RulesError};
use crate::record::Consultation;

/// How far down the paper a Beratungsfolge is looked for.
const SEARCH_LINES: usize = 200;
/// Most rows taken from one table.
const MAX_ROWS: usize = 40;

/// Compiled Beratungsfolge rules.
#[derive(Debug)]
pub struct ConsultationRules {
    /// Column words, lowercase, each split into words.
    columns: Vec<Vec<String>>,
    /// First words of the column words, lowercase: a header starts with one.
    first_words: std::collections::HashSet<String>,
    /// Roles, lowercase.
    roles: Vec<String>,
    /// Public marks, lowercase.
    public: Vec<String>,
    /// Non-public marks, lowercase.
    nonpublic: Vec<String>,
    dates: DatePattern,
}

/// A Beratungsfolge table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The rows in printed order.
    pub rows: Vec<Found<Consultation>>,
    /// The lines the table covers (from its caption or header to its last
    /// row).
    pub lines: Range<usize>,
}

/// What the cell of a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Date,
    Public(bool),
    Mark,
    Number,
    Role,
    Other,
}

impl ConsultationRules {
    /// Compiles the column, role and public word lists.
    pub fn new(rules: &Rules) -> Result<ConsultationRules, RulesError> {
        let mut columns: Vec<Vec<String>> = rules
            .list("consultation_columns")
            .iter()
            .map(|c| {
                c.to_lowercase()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        columns.sort_by_key(|c: &Vec<String>| std::cmp::Reverse(c.len()));
        let first_words = columns.iter().filter_map(|c| c.first().cloned()).collect();
        Ok(ConsultationRules {
            columns,
            first_words,
            roles: lowercase(rules.list("consultation_roles")),
            public: lowercase(rules.list("public_words")),
            nonpublic: lowercase(rules.list("nonpublic_words")),
            dates: DatePattern::new(),
        })
    }

    /// The first Beratungsfolge table in the paper.
    pub fn find(&self, doc: &Doc<'_>) -> Option<Table> {
        let limit = doc.lines.len().min(SEARCH_LINES);
        for i in 0..limit {
            let Some(header) = self.header(doc.lines[i].text) else {
                continue;
            };
            let rows = self.rows(doc, i + 1, &header);
            if rows.0.is_empty() {
                continue;
            }
            let mut start = i;
            if let Some(prev) = (0..i).rev().find(|&j| !doc.is_blank(j)) {
                if i - prev <= 2
                    && doc
                        .trimmed(prev)
                        .to_lowercase()
                        .starts_with("beratungsfolge")
                {
                    start = prev;
                }
            }
            return Some(Table {
                rows: rows.0,
                lines: start..rows.1,
            });
        }
        None
    }

    /// Whether `line` is a table header; if so, whether it has separate
    /// ö / nö columns.
    fn header(&self, line: &str) -> Option<Header> {
        let t = line.trim();
        if t.is_empty() || t.len() > 200 {
            return None;
        }
        // Cheap test first: a header starts with a column word.
        let first = t
            .split([' ', '\t'])
            .next()
            .unwrap_or("")
            .trim_end_matches(':');
        if first.len() > 20 || !self.first_words.contains(&first.to_lowercase()) {
            return None;
        }
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower
            .split([' ', '\t'])
            .map(|w| w.trim_matches(|c: char| c == ':' || c == '(' || c == ')'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut known = 0;
        let mut columns = 0;
        let mut i = 0;
        let mut has_o = false;
        let mut has_no = false;
        while i < words.len() {
            let hit = self.columns.iter().find(|c| {
                c.len() <= words.len() - i && c.iter().zip(&words[i..]).all(|(a, b)| a == b)
            });
            match hit {
                Some(c) => {
                    if c.len() == 1 && c[0] == "ö" {
                        has_o = true;
                    }
                    if c.len() == 1 && c[0] == "nö" {
                        has_no = true;
                    }
                    known += c.len();
                    columns += 1;
                    i += c.len();
                }
                None => i += 1,
            }
        }
        if columns >= 2
            && known * 10 >= words.len() * 6
            && !words
                .iter()
                .any(|w| w.contains(|c: char| c.is_ascii_digit()))
        {
            Some(Header {
                mark_columns: has_o && has_no,
            })
        } else {
            None
        }
    }

    /// Rows from line `from`; returns them and the end of the table.
    fn rows(
        &self,
        doc: &Doc<'_>,
        from: usize,
        header: &Header,
    ) -> (Vec<Found<Consultation>>, usize) {
        let mut rows = Vec::new();
        let mut end = from;
        let mut blanks = 0;
        let mut strays = 0;
        let mut i = from;
        while i < doc.lines.len() && rows.len() < MAX_ROWS {
            let line = doc.lines[i].text;
            i += 1;
            if line.trim().is_empty() {
                blanks += 1;
                if blanks >= 3 {
                    break;
                }
                continue;
            }
            blanks = 0;
            match self.row(line, header) {
                Some(row) => {
                    strays = 0;
                    rows.push(Found {
                        value: row.0,
                        evidence: Evidence {
                            span: doc.trimmed_span(i - 1),
                            rule: format!("consultations.{}", row.1),
                        },
                    });
                    end = i;
                }
                None => {
                    strays += 1;
                    if strays > 2 || rows.is_empty() && strays > 1 {
                        break;
                    }
                }
            }
        }
        (rows, end)
    }

    /// Parses one row; the second value names the rule used.
    fn row(&self, line: &str, header: &Header) -> Option<(Consultation, &'static str)> {
        if line.len() > 300 || super::scan::has_checkbox(line) {
            return None;
        }
        let split = cells(line);
        // Rows split at single spaces must have a date; test that first, it
        // is cheaper than classifying every word.
        if split.len() < 2 && self.dates.find_all(line).is_empty() {
            return None;
        }
        // A cell holding a date among other words means the columns are
        // separated by single spaces after all.
        let mixed = split
            .iter()
            .any(|(_, c)| !self.dates.find_all(c).is_empty() && self.classify(c) != Cell::Date);
        let (parts, rule): (Vec<(usize, &str)>, &'static str) = if split.len() >= 2 && !mixed {
            (split, "table_row")
        } else {
            (words(line), "spaced_row")
        };
        let kinds: Vec<Cell> = parts.iter().map(|(_, p)| self.classify(p)).collect();
        let mut out = Consultation::default();
        // The committee: the first run of plain cells; in the word-split
        // form a run of words, cut before a role word.
        let mut committee: Vec<&str> = Vec::new();
        let mut role: Vec<&str> = Vec::new();
        let mut run_done = false;
        for (k, (&(at, part), kind)) in parts.iter().zip(&kinds).enumerate() {
            match kind {
                Cell::Date => {
                    if out.date.is_none() {
                        out.date = self.dates.find_all(part).first().map(|d| d.iso.clone());
                    }
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Public(p) => {
                    out.public.get_or_insert(*p);
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Mark => {
                    if header.mark_columns && out.public.is_none() {
                        // The gap before the mark tells the column: one
                        // separator for "ö", more for "nö".
                        let gap = line[..at]
                            .chars()
                            .rev()
                            .take_while(|c| *c == ' ' || *c == '\t')
                            .count();
                        out.public = Some(gap <= 1);
                    }
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Number => {
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Role => {
                    if committee.is_empty() && rule == "table_row" {
                        return None;
                    }
                    if committee.is_empty() {
                        return None;
                    }
                    run_done = true;
                    if role.is_empty() {
                        role.push(part);
                        if rule == "spaced_row" {
                            role.extend(
                                parts[k + 1..]
                                    .iter()
                                    .map(|p| p.1)
                                    .take_while(|p| !is_mark_or_number(p)),
                            );
                        }
                    }
                }
                Cell::Other => {
                    if !run_done {
                        committee.push(part);
                    } else if !role.is_empty() && rule == "spaced_row" {
                        // already taken with the role
                    }
                }
            }
            if rule == "table_row" && !committee.is_empty() {
                run_done = true;
            }
        }
        if role.is_empty() && rule == "spaced_row" {
            // A role word inside the committee run: "Bauausschuss Vorberatung".
            if let Some(k) = committee
                .iter()
                .position(|w| self.is_role(w))
                .filter(|&k| k > 0)
            {
                role = committee.split_off(k);
            }
        }
        let committee = committee.join(" ");
        let committee = committee.trim_end_matches(':').trim();
        if committee.is_empty() || !committee.starts_with(char::is_uppercase) {
            return None;
        }
        // Without a date a row needs a role or public mark.
        if out.date.is_none() && role.is_empty() && out.public.is_none() {
            return None;
        }
        if rule == "spaced_row"
            && (out.date.is_none() || committee.split(' ').count() > 6 || line.trim().len() > 140)
        {
            return None;
        }
        let (committee, paren_role) = split_paren_role(committee);
        out.committee = committee.to_string();
        out.role = if role.is_empty() {
            paren_role.filter(|r| self.is_role(r)).map(str::to_string)
        } else {
            Some(role.join(" ").trim().to_string())
        };
        Some((out, rule))
    }

    fn classify(&self, cell: &str) -> Cell {
        let c = cell.trim();
        if c.starts_with(|ch: char| ch.is_ascii_digit()) {
            if let Some(d) = self.dates.find_all(c).first() {
                if d.span.start <= 1 && c.len() - d.span.end <= 2 {
                    return Cell::Date;
                }
            }
        }
        let lower = c.to_lowercase();
        if self.nonpublic.contains(&lower) {
            return Cell::Public(false);
        }
        if self.public.contains(&lower) {
            return Cell::Public(true);
        }
        if c == "x" || c == "X" || c == "✓" || c == "✔" {
            return Cell::Mark;
        }
        if c.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            && c.chars().any(|ch| ch.is_ascii_digit())
        {
            return Cell::Number;
        }
        if self.is_role(c) {
            return Cell::Role;
        }
        Cell::Other
    }

    fn is_role(&self, cell: &str) -> bool {
        let lower = cell.to_lowercase();
        self.roles.iter().any(|r| {
            let r = r.to_lowercase();
            lower == r
                || lower.starts_with(&r) && lower[r.len()..].starts_with([' ', '(', '/', ','])
        })
    }
}

/// The header facts that rows need.
#[derive(Clone, Copy, Debug)]
struct Header {
    /// Separate "ö" and "nö" columns marked with an x.
    mark_columns: bool,
}

fn lowercase(list: &[String]) -> Vec<String> {
    list.iter().map(|w| w.to_lowercase()).collect()
}

/// Splits a line at single spaces into words with their offsets.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' {
            if let Some(s) = start.take() {
                out.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn is_mark_or_number(p: &str) -> bool {
    p == "x" || p == "X" || p.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// "Hauptausschuss (Vorberatung)" → ("Hauptausschuss", Some("Vorberatung")).
fn split_paren_role(committee: &str) -> (&str, Option<&str>) {
    if let Some(open) = committee.rfind('(') {
        if committee.ends_with(')') && open > 0 {
            return (
                committee[..open].trim(),
                Some(committee[open + 1..committee.len() - 1].trim()),
            );
        }
    }
    (committee, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    type Row = (String, Option<String>, Option<bool>, Option<String>);

    fn table(text: &str) -> Vec<Row> {
        let rules = ConsultationRules::new(&Rules::builtin()).unwrap();
        let text = Text::from_str_pages(text);
        let doc = Doc::new(&text);
        rules
            .find(&doc)
            .map(|t| {
                t.rows
                    .into_iter()
                    .map(|r| {
                        (
                            r.value.committee,
                            r.value.date,
                            r.value.public,
                            r.value.role,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn row(c: &str, d: Option<&str>, p: Option<bool>, r: Option<&str>) -> Row {
        (c.into(), d.map(Into::into), p, r.map(Into::into))
    }

    #[test]
    fn erfurt_tab_table() {
        let rows = table("Beratungsfolge\tDatum\tBehandlung\tZuständigkeit\nHauptausschuss\t22.10.2024\töffentlich\tVorberatung\nStadtrat\t06.11.2024\töffentlich\tEntscheidung\n\nBeschlussvorschlag\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Hauptausschuss",
                    Some("2024-10-22"),
                    Some(true),
                    Some("Vorberatung")
                ),
                row(
                    "Stadtrat",
                    Some("2024-11-06"),
                    Some(true),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn allris_rows_without_dates() {
        let rows = table("Beratungsfolge:\t\t\nGremium\tZuständigkeit\tSitzung ist\nMagistrat\tEntscheidung\tNichtöffentlich\nHaupt- und Finanzausschuss\tKenntnisnahme\tÖffentlich\n\nTitel\n");
        assert_eq!(
            rows,
            vec![
                row("Magistrat", None, Some(false), Some("Entscheidung")),
                row(
                    "Haupt- und Finanzausschuss",
                    None,
                    Some(true),
                    Some("Kenntnisnahme")
                ),
            ]
        );
    }

    #[test]
    fn single_space_rows_with_status_letters() {
        let rows = table("Gremien Termin TOP Ö / N Zuständigkeit \nHauptausschuss 05.03.2024 7 N Vorberatung \nGemeinderat 19.03.2024 4 Ö Entscheidung \nKurzfassung\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Hauptausschuss",
                    Some("2024-03-05"),
                    Some(false),
                    Some("Vorberatung")
                ),
                row(
                    "Gemeinderat",
                    Some("2024-03-19"),
                    Some(true),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn oe_noe_mark_columns() {
        let rows = table("Gremium Termin TOP ö nö\nGemeinderat 22.02.2022 19 X\nPlanungsausschuss 07.04.2022 10  x\n\n\nDer Gemeinderat möge beschließen:\n");
        assert_eq!(
            rows,
            vec![
                row("Gemeinderat", Some("2022-02-22"), Some(true), None),
                row("Planungsausschuss", Some("2022-04-07"), Some(false), None),
            ]
        );
    }

    #[test]
    fn sessionnet_status_first_and_paren_role() {
        let rows = table("Beratungsfolge:\nStatus\tSitzungstermin\tGremium\nÖ\t14.03.2023\tBauausschuss (Vorberatung)\nN\t21.03.2023\tHauptausschuss (Entscheidung)\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Bauausschuss",
                    Some("2023-03-14"),
                    Some(true),
                    Some("Vorberatung")
                ),
                row(
                    "Hauptausschuss",
                    Some("2023-03-21"),
                    Some(false),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn prose_is_not_a_table() {
        assert!(
            table("Der Ausschuss hat am 12.03.2024 beraten.\nDatum und Termin stehen fest.\n")
                .is_empty()
        );
    }
}
