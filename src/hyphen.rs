//! Words broken at a line end by a hyphen, joined for search.
//!
//! A paper's `text` keeps what is printed: "Verwal-" at the end of one line,
//! "tung" at the start of the next. Search should still find "Verwaltung",
//! so the index gets the joined words too ([`joined_words`]). Only a break
//! before a lower-case letter is a word broken by hyphenation; before a
//! capital ("Baden-" / "Württemberg") the hyphen belongs to the compound
//! and the parts stay as printed.
//!
//! Table cells break their words too: a cell (tab-separated) ending in
//! "Einstim-" goes on in the same column a row or two further down
//! ("mig"), past rows whose cell there starts with a capital or a digit.

use std::ops::Range;

/// How many lines below a broken word its rest may be.
const LOOKAHEAD: usize = 3;

/// A word broken by a line-end hyphen: the head with its hyphen
/// ("Verwal-") and the rest on a later line ("tung"), as byte ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Join {
    /// The head, hyphen included.
    pub head: Range<usize>,
    /// The rest of the word.
    pub tail: Range<usize>,
}

/// A line of the text: its byte range and its tab-separated cells.
struct Line {
    cells: Vec<Range<usize>>,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
        if c == '\n' || c == '\u{c}' {
            let mut cells = Vec::new();
            let mut from = start;
            for (j, _) in text[start..i].match_indices('\t') {
                cells.push(from..start + j);
                from = start + j + 1;
            }
            cells.push(from..i);
            out.push(Line { cells });
            start = i + c.len_utf8();
        }
    }
    out
}

/// Every word broken by a hyphen at a line end (or a table cell's end)
/// whose rest starts in lower case, in text order of the heads.
pub fn joins(text: &str) -> Vec<Join> {
    if !has_broken_end(text) {
        return Vec::new(); // most texts: no line or cell ends in a hyphen
    }
    let lines = lines(text);
    let mut out = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let table = line.cells.len() > 1;
        for (k, cell) in line.cells.iter().enumerate() {
            let Some(head) = broken_word(text, cell.clone()) else {
                continue;
            };
            let last = k + 1 == line.cells.len();
            // The rest is in the next line, or a few lines further down
            // past table rows that a cell spanning two lines sits beside
            // ("Beschluss-" / "Rat  21.12.2021" / "fassung").
            for below in lines.iter().skip(i + 1).take(LOOKAHEAD) {
                if below
                    .cells
                    .iter()
                    .all(|c| text[c.clone()].trim().is_empty())
                {
                    break; // a blank line ends the paragraph
                }
                let prose = below.cells.len() == 1;
                let shift = below.cells.len() != line.cells.len();
                let cells = table && !(last && prose);
                let Some(rest) = rest_in(text, below, k, cells, shift, &taken) else {
                    // A line of prose that goes on with a capital: the
                    // hyphen belongs to a compound ("Baden-" / "Württemberg").
                    if prose && (!table || last) {
                        break;
                    }
                    continue;
                };
                taken.push(rest.clone());
                out.push(Join { head, tail: rest });
                break;
            }
        }
    }
    out
}

/// The rest of a word broken in column `k` of a line above: the lower-case
/// word that starts the cell in the same column of `below` (`cells`) — or,
/// where the rows have different numbers of cells (`shift`: an empty or a
/// missing cell shifts the columns), in the column next to it — or that
/// starts `below` if it is prose.
fn rest_in(
    text: &str,
    below: &Line,
    k: usize,
    cells: bool,
    shift: bool,
    taken: &[Range<usize>],
) -> Option<Range<usize>> {
    let candidates: Vec<usize> = if !cells {
        vec![0]
    } else if below.cells.len() < 2 || !shift {
        vec![k]
    } else {
        [Some(k), k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .collect()
    };
    candidates.into_iter().find_map(|j| {
        let cell = below.cells.get(j)?;
        let s = &text[cell.clone()];
        let at = cell.start + (s.len() - s.trim_start_matches([' ', '\t']).len());
        let rest = &text[at..cell.end];
        if !rest.chars().next()?.is_lowercase() {
            return None;
        }
        let len = rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i);
        let tail = at..at + len;
        (!taken.contains(&tail)).then_some(tail)
    })
}

/// The words broken across a line end by a hyphen before a lower-case
/// letter, joined, separated by spaces ("Verwal-\ntung" → "Verwaltung").
/// Lines may be separated by form feeds (page breaks) too; blank lines end a
/// paragraph and join nothing.
pub fn joined_words(text: &str) -> String {
    let mut out = String::new();
    for join in joins(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[join.head.start..join.head.end - 1]);
        out.push_str(&text[join.tail]);
    }
    out
}

/// The text as search reads it: each broken word whole at its head, its
/// rest taken from the later line ("Verwaltung\n" for "Verwal-\ntung").
pub fn reading_text(text: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for join in joins(text) {
        let whole = format!(
            "{}{}",
            &text[join.head.start..join.head.end - 1],
            &text[join.tail.clone()]
        );
        edits.push((join.head, whole));
        edits.push((join.tail, String::new()));
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (range, with) in edits {
        if range.start < from {
            continue;
        }
        out.push_str(&text[from..range.start]);
        out.push_str(&with);
        from = range.end;
    }
    out.push_str(&text[from..]);
    out
}

/// Whether some hyphen ends a line or a cell (blanks after it aside): the
/// cheap test before the lines are split up.
fn has_broken_end(text: &str) -> bool {
    text.match_indices(['-', '\u{2010}']).any(|(at, dash)| {
        let after = text[at + dash.len()..].trim_start_matches(' ');
        after.is_empty() || after.starts_with(['\n', '\t', '\u{c}'])
    })
}

/// The letters and hyphen that end a cell ("Verwal-" in "… Verwal-"), if
/// it ends so: a word of two or more characters with a letter in it, not a
/// number or a dash after a blank ("- 2 -").
fn broken_word(text: &str, cell: Range<usize>) -> Option<Range<usize>> {
    let s = text[cell.clone()].trim_end_matches([' ', '\t']);
    let before = s.strip_suffix('-').or_else(|| s.strip_suffix('\u{2010}'))?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let head = &before[start..];
    if !head.chars().any(char::is_alphabetic) || head.chars().count() < 2 {
        return None;
    }
    Some(cell.start + start..cell.start + s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_before_lower_case_only() {
        assert_eq!(
            joined_words("Die Verwal-\ntung der Energiegenos-  \n  senschaft, Baden-\nWürttemberg"),
            "Verwaltung Energiegenossenschaft"
        );
    }

    #[test]
    fn across_a_page_break_but_not_across_a_blank_line() {
        assert_eq!(joined_words("Umset-\u{c}zung"), "Umsetzung");
        assert_eq!(joined_words("Umset-\n\nzung"), "");
    }

    #[test]
    fn dashes_numbers_and_single_letters_are_not_words() {
        assert_eq!(joined_words("Seite - 2 -\nweiter"), "");
        assert_eq!(joined_words("Punkt 3-\nfach"), "");
        assert_eq!(joined_words("a-\nb"), "");
        assert_eq!(joined_words("nur ein Strich -\nhier"), "");
    }

    #[test]
    fn only_the_last_part_of_a_compound_joins() {
        assert_eq!(
            joined_words("Baden-Würt-\ntemberg und Nord-\nrhein-Westfalen"),
            "Württemberg Nordrhein"
        );
    }

    #[test]
    fn table_cells_join_in_their_column_past_other_rows() {
        // The Beratungsergebnis grid of a Nordstemmen paper.
        let text = "Einstim-\tEnthal-\tlt. Beschluss- abweichender\nGremium\tJa\tNein\nmig\ttung\tvorschlag\tBeschluss\n";
        assert_eq!(joined_words(text), "Einstimmig Enthaltung");
        assert_eq!(
            reading_text(text),
            "Einstimmig\tEnthaltung\tlt. Beschluss- abweichender\nGremium\tJa\tNein\n\t\tvorschlag\tBeschluss\n"
        );
        // Prose does not look past its next line.
        assert_eq!(joined_words("Verwal-\nDer\ntung"), "");
    }

    #[test]
    fn a_cell_spanning_two_rows_goes_on_past_the_row_beside_it() {
        // Nordstemmen's Beratungsfolge: "Beratung und Beschluss-/fassung"
        // is one cell beside the row "Rat  21.12.2021".
        let text = "Beratung und Beschluss-\nRat\t21.12.2021\nfassung\nHaushaltssatzung\n";
        assert_eq!(joined_words(text), "Beschlussfassung");
    }

    #[test]
    fn a_bullet_item_goes_on_in_the_prose_line_below() {
        let text = "-\tkann und soll sie in einem Um-\nfang gesichert werden\n-\tdie Baden-\nWürttemberg\n";
        assert_eq!(joined_words(text), "Umfang");
    }

    #[test]
    fn a_column_shifted_by_an_empty_cell_still_joins() {
        // A finance grid's header: "Haushalts-" in the third column, its
        // rest in the second cell of a row that has an empty first cell.
        let text = "des Vorvorjahres\tVorjahres\tHaushalts-\tder mittelfristigen\n\tjahres\tErgebnis- und\tErgebnis- und\tErgebnis- und\n";
        assert_eq!(joined_words(text), "Haushaltsjahres");
    }

    #[test]
    fn rows_of_as_many_cells_join_only_in_the_same_column() {
        let text = "Ansatz\tHaushalts-\tGrund\nEUR\tPlan\tneu\n";
        assert_eq!(joined_words(text), "");
    }
}
