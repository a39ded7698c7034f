//! Page furniture: running headers, footers and page numbers.
//!
//! Printed papers repeat a header or footer on every page ("Drucksache
//! 17/273 – Landtag von Baden-Württemberg") and number pages ("Seite 2 von
//! 5", "- 2 -"). Left in the text they break sentences that run across a
//! page and end up inside fields. This stage removes, from the first and
//! last lines of each page:
//!
//! - page-number lines, on every page;
//! - lines that recur in the same zone of at least half of the pages
//!   (digits ignored, so "Seite 2" and "Seite 3" are the same line), on
//!   every page but the first — the first page keeps them because the
//!   paper's own header there often carries its number and date.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// How many non-empty lines at the top and bottom of a page can be
/// furniture.
const ZONE: usize = 3;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^
        [-–—\s]*
        (?: (?:seite|page|blatt|s\.) \s* )?
        \d{1,3}
        (?: \s* (?:von|of|/|v\.) \s* \d{1,3} )?
        [-–—\s]*$",
    )
    .expect("page number pattern is valid")
});

/// Whether a line is only a page number.
pub fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line.trim())
}

/// The line with digits as `#` and runs of white space as one space.
fn shape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c }),
        );
    }
    out
}

/// Indices of the lines in a page's top and bottom zones.
fn zone(lines: &[String]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut zone: Vec<usize> = filled.iter().take(ZONE).copied().collect();
    for &i in filled.iter().rev().take(ZONE) {
        if !zone.contains(&i) {
            zone.push(i);
        }
    }
    zone
}

/// Removes furniture from the pages' lines; returns how many lines went.
pub fn strip(pages: &mut [Vec<String>]) -> usize {
    let zones: Vec<Vec<usize>> = pages.iter().map(|p| zone(p)).collect();
    let mut pages_with: HashMap<String, usize> = HashMap::new();
    for (p, zone) in zones.iter().enumerate() {
        let mut seen = Vec::new();
        for &i in zone {
            let s = shape(&pages[p][i]);
            if s.chars().filter(|c| c.is_alphabetic()).count() < 3 || seen.contains(&s) {
                continue;
            }
            *pages_with.entry(s.clone()).or_default() += 1;
            seen.push(s);
        }
    }
    // A running header is on most pages; a line on only a few of them is
    // more likely the heading of each paper in a bundle.
    let min_pages = pages.len().div_ceil(2).max(2);
    let mut removed = 0;
    for (p, zone) in zones.iter().enumerate() {
        let mut drop = Vec::new();
        for &i in zone {
            let line = &pages[p][i];
            let s = shape(line);
            let repeated = p > 0 && pages_with.get(&s).is_some_and(|&n| n >= min_pages);
            if is_page_number(line) || repeated {
                drop.push(i);
            }
        }
        drop.sort_unstable();
        for &i in drop.iter().rev() {
            pages[p].remove(i);
            removed += 1;
        }
        trim_blank(&mut pages[p]);
    }
    removed
}

fn trim_blank(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let lead = lines.iter().take_while(|l| l.trim().is_empty()).count();
    lines.drain(..lead);
    // Blank lines left doubled by a removal.
    lines.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn page_number_shapes() {
        for yes in [
            "Seite 2 von 5",
            "- 2 -",
            "-2-",
            "3",
            "Seite 4",
            "2/7",
            "Page 1 of 3",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in [
            "2. Lesung",
            "17.06.2025",
            "Seite 2 von 5 Seiten Anlage",
            "§ 3",
        ] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn running_header_stays_on_first_page_only() {
        let mut pages = vec![
            lines("Drucksache 17/273\nGesetzentwurf\nText eins\nSeite 1 von 2"),
            lines("Drucksache 17/273\n\nText zwei\nmehr Text\nSeite 2 von 2"),
        ];
        let removed = strip(&mut pages);
        assert_eq!(removed, 3);
        assert_eq!(
            pages[0],
            lines("Drucksache 17/273\nGesetzentwurf\nText eins")
        );
        assert_eq!(pages[1], lines("Text zwei\nmehr Text"));
    }

    #[test]
    fn lines_that_do_not_repeat_stay() {
        let mut pages = vec![lines("Beschlussvorschlag:\nA"), lines("Sachverhalt:\nB")];
        assert_eq!(strip(&mut pages), 0);
    }
}
