//! The title (Betreff): the subject line of the paper.
//!
//! In order of trust: the value of a title label ("Titel der Drucksache:",
//! "Betreff:", "betr.:", "hier:"); the text after the type on the type line
//! ("Antrag: Neubau der Halle"); else the paragraph just above an anchor
//! of the header — the Beratungsfolge table, the first section or decision
//! heading, or the first numbered question — skipping label lines. A
//! paragraph ending in a colon directly above the title is its first part
//! (ALLRIS prints "Thema:" and "Untertitel" as two paragraphs).

use regex::Regex;

use super::scan::{compile, join_lines, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Longest title accepted, in bytes.
const MAX_TITLE: usize = 500;
/// Most lines of one title paragraph.
const MAX_LINES: usize = 5;
/// How far below the type line a title is looked for.
const BELOW_TYPE_LINES: usize = 8;
/// Words after a type that make the type line a subject line ("Stellungnahme
/// zur Beschlussvorlage …", "Anfrage zum Radverkehr").
const SUBJECT_PREPOSITIONS: &[&str] = &[
    "zur ",
    "zum ",
    "zu ",
    "über ",
    "betreffend ",
    "betr. ",
    "bezüglich ",
    "bzgl. ",
];

/// Compiled title rules.
#[derive(Clone, Debug)]
pub struct TitleRules {
    labels: LabelMatcher,
    /// Every label of the header (title, date, department, author, other).
    any_label: LabelMatcher,
    reference_line: Regex,
    numbered: Regex,
    public_line: Regex,
}

impl TitleRules {
    /// Compiles the label lists.
    pub fn new(rules: &Rules) -> Result<TitleRules, RulesError> {
        let all = rules.header_field_labels(&["paper_type_labels"]);
        Ok(TitleRules {
            labels: LabelMatcher::new(
                "title_labels",
                rules.list("title_labels"),
                Separator::Strict,
            )?,
            any_label: LabelMatcher::new("header_labels", &all, Separator::Strict)?,
            reference_line: compile(
                "title",
                r"(?i)^[ \t]*(?:DS|Drs\.?|Drucksache|Vorlage|Antrag)(?:[ -]?Nr\.?)?[ \t:.-]*[A-Z]{0,4}[ /-]?[0-9]+[ ]?/[ ]?[0-9]+",
            )?,
            numbered: compile(
                "title",
                // The first item of a numbered list ("1. Wie viele …", "A) …",
                // "1.1 Wie viele …").
                r"^[ \t]*(?:0?1[.)]|1\.1\.?|[Aa][)])[ \t]+[A-ZÄÖÜ]",
            )?,
            public_line: compile(
                "title",
                r"(?i)^[ \t]*(?:beratung[ \t]+in[ \t]+)?(?:nicht[ -]?)?öffentlich(?:e|er)?(?:[ \t]+sitzung)?[ \t]*$",
            )?,
        })
    }

    /// The paper's title.
    pub fn find(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        self.by_label(doc, layout)
            .or_else(|| self.after_type(doc, layout))
            .or_else(|| self.before_anchor(doc, layout))
            .or_else(|| self.below_type(doc, layout))
            .or_else(|| self.above_type(doc, layout))
    }

    /// The paragraph right above the type line ("Ausbau der
    /// Schulsozialarbeit" / "Beschlußvorlage" / Beratungsfolge), when
    /// nothing below gave a title; never the paper's first paragraph (the
    /// letterhead).
    fn above_type(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let ty = layout.paper_type.as_ref()?;
        let mut last = ty.line;
        while last > 0 && doc.is_blank(last - 1) {
            last -= 1;
        }
        let last = last.checked_sub(1)?;
        if self.is_boundary(doc, layout, last) {
            return None;
        }
        let mut first = last;
        while first > 0 && !doc.is_blank(first - 1) && !self.is_boundary(doc, layout, first - 1) {
            first -= 1;
        }
        let opens_paper = (0..first).all(|i| doc.is_blank(i) || self.is_boundary(doc, layout, i));
        let title = join_lines((first..=last).map(|j| doc.lines[j].text));
        if opens_paper
            || last - first >= MAX_LINES
            || !is_title_like(&title)
            || title.ends_with(':')
            || is_prose(&title)
        {
            return None;
        }
        Some(Found {
            value: clean(&title),
            evidence: Evidence {
                span: doc.trimmed_span(first).start..doc.trimmed_span(last).end,
                rule: "title.above_type".into(),
            },
        })
    }

    /// The first paragraph below the type line, past number and date
    /// lines ("ANTRAG DHH/2025/4118" / "Rücknahme der Kürzungen"), when no
    /// anchor gave a title.
    fn below_type(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let ty = layout.paper_type.as_ref()?;
        let mut i = ty.line + 1;
        while i < doc.lines.len() && i <= ty.line + BELOW_TYPE_LINES {
            // The text has begun: no title below the type.
            if i >= layout.header_end || layout.decision.as_ref().is_some_and(|d| d.line <= i) {
                return None;
            }
            if doc.is_blank(i) || self.is_boundary(doc, layout, i) {
                i += 1;
                continue;
            }
            let first = i;
            let mut last = i;
            while last + 1 < doc.lines.len()
                && last + 1 - first < MAX_LINES
                && !doc.is_blank(last + 1)
                && !self.is_boundary(doc, layout, last + 1)
            {
                last += 1;
            }
            let title = join_lines((first..=last).map(|j| doc.lines[j].text));
            if !is_title_like(&title) || title.ends_with(':') || is_prose(&title) {
                return None;
            }
            return Some(Found {
                value: clean(&title),
                evidence: Evidence {
                    span: doc.trimmed_span(first).start..doc.trimmed_span(last).end,
                    rule: "title.below_type".into(),
                },
            });
        }
        None
    }

    fn by_label(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let end = (layout.header_end + 2).min(doc.lines.len());
        for i in 0..end {
            let line = doc.lines[i];
            let Some(m) = self.labels.find(line.text) else {
                continue;
            };
            let mut parts: Vec<&str> = Vec::new();
            let mut last = i;
            let start;
            if m.value.is_empty() {
                let first = doc.next_nonblank(i + 1).filter(|&j| j <= i + 3)?;
                start = doc.trimmed_span(first).start;
                for j in first..doc.lines.len().min(first + MAX_LINES) {
                    if doc.is_blank(j) || j > first && self.is_boundary(doc, layout, j) {
                        break;
                    }
                    parts.push(doc.lines[j].text);
                    last = j;
                }
            } else {
                start = line.start + m.value_at;
                parts.push(m.value);
                // A wrapped value goes on below (also over one blank line
                // when the next part starts in lower case).
                let mut j = i + 1;
                while j < doc.lines.len() && parts.len() < MAX_LINES {
                    let t = doc.trimmed(j);
                    if t.is_empty() {
                        let next = doc.next_nonblank(j + 1).filter(|&k| k <= j + 2);
                        match next {
                            Some(k)
                                if doc.trimmed(k).starts_with(char::is_lowercase)
                                    && !ends_sentence(parts.last().copied().unwrap_or("")) =>
                            {
                                j = k;
                                continue;
                            }
                            _ => break,
                        }
                    }
                    if self.is_boundary(doc, layout, j)
                        || !continues(parts.last().copied().unwrap_or(""), t)
                    {
                        break;
                    }
                    parts.push(doc.lines[j].text);
                    last = j;
                    j += 1;
                }
            }
            let title = clean(&join_lines(parts));
            if title.len() < 3 {
                continue;
            }
            return Some(Found {
                value: title,
                evidence: Evidence {
                    span: start..doc.trimmed_span(last).end,
                    rule: format!("title.label:{}", self.labels.label(m.index)),
                },
            });
        }
        None
    }

    fn after_type(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let ty = layout.paper_type.as_ref()?;
        let rest = ty.rest.as_deref()?;
        // "Anfrage: GRÜNE" names the asking party, not the subject.
        let party = rest.split_whitespace().count() <= 3 && !rest.chars().any(char::is_lowercase);
        if !is_title_like(rest) || party || self.any_label.find(rest).is_some() {
            return None;
        }
        let span = doc.trimmed_span(ty.line);
        let at = doc.lines[ty.line]
            .text
            .find(rest)
            .map_or(span.start, |p| doc.lines[ty.line].start + p);
        Some(Found {
            value: clean(rest),
            evidence: Evidence {
                span: at..span.end,
                rule: "title.after_type".into(),
            },
        })
    }

    fn before_anchor(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let mut anchors: Vec<usize> = Vec::new();
        if let Some(t) = &layout.table {
            anchors.push(t.start);
        }
        if layout.header_end < doc.lines.len() {
            anchors.push(layout.header_end);
        }
        if let Some(d) = &layout.decision {
            anchors.push(d.line);
        }
        let first_type = layout.paper_type.as_ref().map_or(0, |t| t.line + 1);
        if let Some(n) = (first_type..layout.header_end.min(doc.lines.len()))
            .find(|&i| self.numbered.is_match(doc.lines[i].text) && !in_table(layout, i))
        {
            anchors.push(n);
        }
        anchors.sort_unstable();
        anchors.dedup();
        for anchor in anchors {
            // Prose paragraphs above the anchor are passed over ("Standplatz
            // Carsharing" / "Das Carsharing-Modell hat … gefunden. Eine …").
            let mut paragraph = self.paragraph_above(doc, layout, anchor);
            for _ in 0..2 {
                match paragraph {
                    Some((first, last))
                        if is_prose(&join_lines((first..=last).map(|i| doc.lines[i].text))) =>
                    {
                        paragraph = self.paragraph_above(doc, layout, first);
                    }
                    _ => break,
                }
            }
            if let Some((first, last)) = paragraph {
                let mut first = first;
                let mut lines: Vec<&str> = (first..=last).map(|i| doc.lines[i].text).collect();
                let mut title = join_lines(lines.iter().copied());
                let mut last = last;
                // A paragraph ending in a colon leads in to questions or
                // items; the title is the paragraph above it.
                if title.ends_with(':') {
                    let Some((f2, l2)) = self.paragraph_above(doc, layout, first) else {
                        continue;
                    };
                    first = f2;
                    last = l2;
                    lines = (f2..=l2).map(|i| doc.lines[i].text).collect();
                    title = join_lines(lines.iter().copied());
                }
                if !is_title_like(&title) || title.ends_with(':') || is_prose(&title) {
                    continue;
                }
                // A type line that reads as the subject's start
                // ("Stellungnahme zur Beschlussvorlage …") is its first part.
                if let Some(ty) = layout.paper_type.as_ref().filter(|t| t.line + 1 == first) {
                    let line = doc.trimmed(ty.line);
                    let after = line.get(ty.name.len()..).unwrap_or("").trim_start();
                    if SUBJECT_PREPOSITIONS.iter().any(|p| after.starts_with(p)) {
                        first = ty.line;
                        lines.insert(0, doc.lines[ty.line].text);
                    }
                }
                // A paragraph ending in a colon just above is the first part.
                if let Some((f2, l2)) = self.paragraph_above(doc, layout, first) {
                    let above = join_lines((f2..=l2).map(|i| doc.lines[i].text));
                    let between_blank = (l2 + 1..first).all(|i| doc.is_blank(i));
                    if above.ends_with(':')
                        && between_blank
                        && is_title_like(&above)
                        && above.len() + title.len() < MAX_TITLE
                    {
                        let mut joined: Vec<&str> = (f2..=l2).map(|i| doc.lines[i].text).collect();
                        joined.append(&mut lines);
                        lines = joined;
                        first = f2;
                    }
                }
                return Some(Found {
                    value: clean(&join_lines(lines)),
                    evidence: Evidence {
                        span: doc.trimmed_span(first).start..doc.trimmed_span(last).end,
                        rule: "title.before_anchor".into(),
                    },
                });
            }
        }
        None
    }

    /// The paragraph above line `anchor`: skips blank lines and label lines
    /// below it, stops at the type line, a label, a blank line or the table.
    fn paragraph_above(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        anchor: usize,
    ) -> Option<(usize, usize)> {
        let type_line = layout.paper_type.as_ref().map(|t| t.line);
        let mut i = anchor;
        let mut last = None;
        while i > 0 {
            i -= 1;
            if Some(i) == type_line || in_table(layout, i) && last.is_some() {
                break;
            }
            if in_table(layout, i) {
                return None;
            }
            let noise = doc.is_blank(i) || self.is_boundary(doc, layout, i);
            match (noise, last) {
                (true, None) => continue,
                (true, Some(_)) => break,
                (false, None) => last = Some(i),
                (false, Some(l)) => {
                    if l - i >= MAX_LINES {
                        return None;
                    }
                }
            }
        }
        let last = last?;
        let mut first = last;
        while first > 0 {
            let j = first - 1;
            if Some(j) == type_line
                || doc.is_blank(j)
                || in_table(layout, j)
                || self.is_boundary(doc, layout, j)
            {
                break;
            }
            first = j;
        }
        if Some(first) == type_line {
            return None;
        }
        Some((first, last))
    }

    /// Lines that are never part of a title: labels, reference lines,
    /// public-status lines, dates alone, page markers, headings.
    fn is_boundary(&self, doc: &Doc<'_>, layout: &Layout<'_>, i: usize) -> bool {
        let text = doc.lines[i].text;
        let t = text.trim();
        // The value line of a label whose value is on the next line.
        let after_empty_label = i > 0
            && self
                .any_label
                .find(doc.lines[i - 1].text)
                .is_some_and(|m| m.value.is_empty());
        after_empty_label
            || has_full_date(t)
            || !t.contains(' ')
                && t.starts_with(char::is_lowercase)
                && !(i > 0 && doc.lines[i - 1].text.trim_end().ends_with('-'))
            || Some(i) == layout.paper_type.as_ref().map(|p| p.line)
            || self.any_label.find(text).is_some()
            || self.reference_line.is_match(text)
            || self.public_line.is_match(text)
            || super::scan::is_page_marker(text)
            || !t
                .split_whitespace()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            || super::scan::has_checkbox(text)
            || super::scan::cells(text).len() >= 3
            || is_unit_code(t)
    }
}

/// A unit code alone on its line, the value of a stacked label
/// ("Verantwortlich:" … "Dez. 4", "Ref. III"): an abbreviation with a
/// full stop, then a number.
fn is_unit_code(t: &str) -> bool {
    let Some((abbrev, rest)) = t.split_once(". ").or_else(|| t.split_once('.')) else {
        return false;
    };
    let number = rest.split(' ').next().unwrap_or("");
    (2..=6).contains(&abbrev.len())
        && abbrev.starts_with(|c: char| c.is_ascii_uppercase())
        && abbrev.bytes().skip(1).all(|b| b.is_ascii_lowercase())
        && !number.is_empty()
        && number.len() <= 4
        && number
            .bytes()
            .all(|b| b.is_ascii_digit() || b"IVX".contains(&b))
}

/// Whether a paragraph is prose rather than a subject line: it ends a
/// sentence and another one begins inside it.
fn is_prose(s: &str) -> bool {
    let t = s.trim_end();
    if !t.ends_with('.') {
        return false;
    }
    t.as_bytes().windows(3).enumerate().any(|(i, w)| {
        w[0] == b'.'
            && w[1] == b' '
            && t[i + 2..].starts_with(|c: char| c.is_uppercase())
            && !t[..i].ends_with(|c: char| c.is_ascii_digit())
            && t[..i]
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.chars().count() > 3)
    })
}

/// Whether `s` holds a date like 22.10.2024 (such lines are table rows or
/// header fields, not title text).
fn has_full_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(10).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b'.'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
            && w[5] == b'.'
            && w[6..].iter().all(u8::is_ascii_digit)
    })
}

fn in_table(layout: &Layout<'_>, i: usize) -> bool {
    layout.table.as_ref().is_some_and(|t| t.contains(&i))
}

fn is_title_like(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 5 && t.len() <= MAX_TITLE && t.chars().filter(|c| c.is_alphabetic()).count() >= 4
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', ':', '"', '“', '”'])
}

/// Whether line `next` continues a title value that ended with `prev`.
fn continues(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    !ends_sentence(prev)
        && (next.starts_with(char::is_lowercase)
            || prev.ends_with(['-', ','])
            || prev.ends_with(" und"))
}

/// Trims quotes and stray punctuation around a title.
fn clean(s: &str) -> String {
    let t = super::scan::collapse_spaces(s.trim());
    let t = t.trim_end_matches([',', ';']);
    t.trim().to_string()
}

#[cfg(test)]
mod tests {

    fn title(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).title
    }

    #[test]
    fn label_value_on_next_line() {
        assert_eq!(
            title("\nTitel der Drucksache:\n\nKonzeption Amt für Migration\n\nDrucksache\n\n1822/24\n").as_deref(),
            Some("Konzeption Amt für Migration")
        );
    }

    #[test]
    fn label_value_wrapped_over_a_blank_line() {
        assert_eq!(
            title("betr.: Situation des Nahverkehrs nach\n\ndem Fahrplanwechsel 2014\n\n\nVorbemerkung:\nText").as_deref(),
            Some("Situation des Nahverkehrs nach dem Fahrplanwechsel 2014")
        );
    }

    #[test]
    fn paragraph_before_the_table() {
        let text = "Beschlussvorlage\n\nVorlage Nr.: 2024/0118\nVerantwortlich: Dez. 2\n\nPolizeiverordnung der Stadt über ein Alkoholkonsumverbot auf dem Werderplatz in\nKarlsruhe\n\nGremien Termin TOP Ö / N Zuständigkeit\nHauptausschuss 05.03.2024 7 N Vorberatung\nKurzfassung\nText.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Polizeiverordnung der Stadt über ein Alkoholkonsumverbot auf dem Werderplatz in Karlsruhe")
        );
    }

    #[test]
    fn two_paragraphs_joined_at_a_colon() {
        let text = "Beschlussvorlage\tVorlagen-Nr.: VO/1/2020\n\tStatus: öffentlich\n\nBeratungsfolge:\nGremium\tZuständigkeit\tSitzung ist\nMagistrat\tEntscheidung\tNichtöffentlich\n\nZusammenarbeit bei Themen der Integration:\n\nVorschlag für ein Leitbild\n\nBeschlussvorschlag:\n\nText.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Zusammenarbeit bei Themen der Integration: Vorschlag für ein Leitbild")
        );
    }

    #[test]
    fn numbered_meeting_lines_are_not_questions() {
        let text = "ANFRAGE\n\nStadtrat Max Muster (GRÜNE)\n\nvom 23.07.2013\nTermin:\n53. Plenarsitzung Gemeinderat\n\nöffentlich\n\nSicherheit im Verkehrsraum\n\n1. Wie viele Unfälle gab es?\n";
        assert_eq!(title(text).as_deref(), Some("Sicherheit im Verkehrsraum"));
    }

    #[test]
    fn prose_above_the_anchor_is_passed_over() {
        let text = "ANTRAG der\n\nCDU-Fraktion vom 04.01.2012\n\nöffentlich\nStandplatz Carsharing\n\nDas Modell hat hier Anhänger gefunden. Eine weitere Verbreitung\nwäre wünschenswert.\n\nDeshalb beantragt die CDU:\n\nDie Verwaltung prüft.\n";
        assert_eq!(title(text).as_deref(), Some("Standplatz Carsharing"));
    }

    #[test]
    fn unit_codes_of_stacked_labels_are_not_title_lines() {
        let text = "BESCHLUSSVORLAGE\n\nVerantwortlich:\n18.12.2012\n1278\nöffentlich\nDez. 4\nNeufassung der Satzung über\nSondernutzungen\n\nBeratungsfolge dieser Vorlage am TOP ö nö Ergebnis\nHauptausschuss 04.12.2012 5 vorberaten\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Neufassung der Satzung über Sondernutzungen")
        );
    }

    #[test]
    fn type_line_that_starts_the_subject() {
        let text = "Stadtteilbeirat Nord\tOrt, den 7.7.2022\nVorsitzender: Hans Beispiel\nStellungnahme zur Beschlussvorlage 61/2022 \"Radspur\" am Kanal und\nUmbau der Kreuzung\nSehr geehrter Herr Oberbürgermeister,\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Stellungnahme zur Beschlussvorlage 61/2022 \"Radspur\" am Kanal und Umbau der Kreuzung")
        );
    }

    #[test]
    fn paragraph_below_the_type_line() {
        let text = "Fraktion, Straße 1, 12345 Stadt\n\n20.11.2025\n\nANTRAG DHH/2025/4118\n\n\nRücknahme der Kürzungen - Theater\n\n Zuordnung im Haushaltsplan\nSeite im HH-Plan Teilhaushalt\n 215  4100\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Rücknahme der Kürzungen - Theater")
        );
    }

    #[test]
    fn title_above_a_question_lead_in() {
        let text = "Bayerischer Landtag\t19. Wahlperiode\t12.05.2023\tDrucksache 19/1234\n\nSchriftliche Anfrage\nder Abgeordneten Katharina Beispiel BÜNDNIS 90/DIE GRÜNEN\nvom 03.04.2023\n\nRadwege an Staatsstraßen\n\nIch frage die Staatsregierung:\n1.1 Wie viele Kilometer gibt es?\n";
        assert_eq!(title(text).as_deref(), Some("Radwege an Staatsstraßen"));
    }

    #[test]
    fn paragraph_above_the_type_line() {
        let text = "Landeshauptstadt Stuttgart\nReferat Soziales\n\nGRDrs 123/2023\n\nStuttgart, 14.02.2023\n\nAusbau der Schulsozialarbeit\n\nBeschlußvorlage\nVorlage an\tzur\tSitzungsart\tSitzungstermin\nGemeinderat\tBeschlussfassung\töffentlich\t16.03.2023\n\nBeschlußantrag:\n1. Der Ausbau wird beschlossen.\n";
        assert_eq!(title(text).as_deref(), Some("Ausbau der Schulsozialarbeit"));
        // The letterhead above the type is no title.
        let text = "Stadt Musterstadt\nDer Oberbürgermeister\n\nBeschlussvorlage\nGremium\tDatum\nRat\t01.02.2024\n\nBeschlussvorschlag:\nDer Rat beschließt.\n";
        assert_eq!(title(text), None);
    }

    #[test]
    fn text_after_the_type() {
        assert_eq!(
            title("Stadtteilbeirat\n\nAntrag: Neubau Büchenbacher Anlage\n\nSehr geehrte Damen")
                .as_deref(),
            Some("Neubau Büchenbacher Anlage")
        );
    }
}
