//! Session bundles: one PDF that holds several papers (a session's
//! "Sitzungsunterlagen"), split into one page range per paper.
//!
//! A stage between reading ([`crate::source`]) and extraction: it looks at
//! the top of each page the way a reader leafing through the bundle does.
//! A page *starts a paper* when its top lines carry a paper number and a
//! paper type (as the extractor's own rules find them, [`Extractor`]),
//! and the number is not an attachment's marker ("DS 121/2021 / Anlage 1"
//! on an attachment's first page). The first page always starts the
//! first paper. Every other page belongs to the paper before it, so a
//! paper's attachments stay with it.
//!
//! A template that prints number and type at the top of *every* page of
//! one paper is not a bundle: a page starts a new paper only when its
//! number line differs from the current paper's (another number, or the
//! same number with "1. Ergänzung"), or the page before it ended a paper
//! with its own attachments in between.

use std::ops::RangeInclusive;

use crate::extract::Extractor;
use crate::text::Text;

/// How many non-empty lines at the top of a page are its header.
pub const TOP_LINES: usize = 30;

/// One paper of a bundle: 0-based page indices, inclusive.
pub type PageRange = RangeInclusive<usize>;

/// What the top of a page says, for splitting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageHead {
    /// The paper number found at the top.
    pub reference: String,
    /// The whole line holding the number, spaces collapsed.
    pub number_line: String,
}

/// The page ranges of the papers in `pages`: one range covering all pages
/// when the file is one paper.
pub fn split<S: AsRef<str>>(pages: &[S], extractor: &Extractor) -> Vec<PageRange> {
    let n = pages.len();
    if n < 2 {
        return vec![0..=n.saturating_sub(1)];
    }
    let mut starts = vec![0usize];
    let mut current = page_head(pages[0].as_ref(), extractor);
    for (i, page) in pages.iter().enumerate().skip(1) {
        let Some(head) = page_head(page.as_ref(), extractor) else {
            continue;
        };
        let same = current
            .as_ref()
            .is_some_and(|c| c.number_line == head.number_line);
        if !same {
            starts.push(i);
            current = Some(head);
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).map_or(n - 1, |next| next - 1);
            start..=end
        })
        .collect()
}

/// The paper number and its line, when the top of `page` starts a paper:
/// number and type both there, and no attachment marker at the number.
pub fn page_head(page: &str, extractor: &Extractor) -> Option<PageHead> {
    let top: Vec<&str> = page
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(TOP_LINES)
        .collect();
    if top.is_empty() {
        return None;
    }
    let text = Text::from_pages(&[top.join("\n")]);
    let (reference, paper_type) = extractor.reference_and_type(&text);
    let (reference, _) = (reference?, paper_type?);
    let at = top.iter().position(|l| l.contains(reference.as_str()))?;
    // "DS 121/2021" over "Anlage 1": an attachment's first page.
    let marked = top[at..top.len().min(at + 2)]
        .iter()
        .any(|l| is_attachment_marker(l));
    if marked {
        return None;
    }
    Some(PageHead {
        reference,
        number_line: top[at].split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

/// Whether a line marks an attachment ("Anlage 2", "Anlage", "Anl. 3").
fn is_attachment_marker(line: &str) -> bool {
    line.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        word.eq_ignore_ascii_case("Anlage") || word.eq_ignore_ascii_case("Anl.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Rules;

    fn extractor() -> Extractor {
        Extractor::new(Rules::builtin()).unwrap()
    }

    const FIRST: &str = "Gemeinde Nordstemmen\nDS 121/2021\nBeschlussvorlage\n\
        Haushaltssatzung 2022\nBeschlussvorschlag:\nDer Rat beschließt.";
    const ANNEX: &str = "DS 121/2021\nAnlage 1\nHaushaltssatzung der Gemeinde\n§ 1 Text";
    const SECOND: &str = "Gemeinde Nordstemmen\nDS 121/2021 – 1. Ergänzung\nBeschlussvorlage\n\
        Haushaltssatzung 2022\nBeschlussvorschlag:\nDer Rat beschließt.";
    const PLAIN: &str = "Weiter im Text der Begründung.\nNoch mehr Text.";

    #[test]
    fn papers_start_where_number_and_type_top_a_page() {
        let pages = [FIRST, PLAIN, ANNEX, SECOND, PLAIN, ANNEX];
        assert_eq!(split(&pages, &extractor()), vec![0..=2, 3..=5]);
    }

    #[test]
    fn one_paper_with_its_header_on_every_page_is_not_split() {
        let pages = [FIRST, FIRST, PLAIN];
        assert_eq!(split(&pages, &extractor()), vec![0..=2]);
        assert_eq!(split(&[PLAIN], &extractor()), vec![0..=0]);
        assert_eq!(split::<&str>(&[], &extractor()), vec![0..=0]);
    }

    #[test]
    fn an_attachments_first_page_starts_nothing() {
        assert_eq!(page_head(ANNEX, &extractor()), None);
        assert_eq!(
            page_head(SECOND, &extractor()).map(|h| h.number_line),
            Some("DS 121/2021 – 1. Ergänzung".to_string())
        );
    }

    #[test]
    fn a_page_head_reads_number_and_type_as_the_full_extraction_does() {
        let extractor = extractor();
        let below = "Gemeinde Nordstemmen\nBeschlussvorlage\nDS 121/2021\nHaushaltssatzung 2022";
        for page in [FIRST, ANNEX, SECOND, PLAIN, below] {
            let text = Text::from_pages(&[page.to_string()]);
            let full = extractor.extract(&text);
            assert_eq!(
                extractor.reference_and_type(&text),
                (full.reference, full.paper_type),
                "{page}"
            );
        }
    }
}
