//! The paper's own date, `YYYY-MM-DD`, as opposed to meeting dates (in the
//! Beratungsfolge) and dates in the prose.
//!
//! In order of trust, all within the header unless said otherwise: a date
//! label ("Datum:", "vom", "Eingang:", "Ausgegeben:"); a place-and-date line
//! ("Erlangen, den 7.7.2022"); a date standing alone or at the end of a
//! header line after a column gap ("17. Wahlperiode    22.6.2021") that is
//! not a meeting date; a date on a signature line anywhere ("24.09.2024,
//! gez. i. A."); a date alone on one of the last lines, under the issuing
//! office. Near the top, a date after the sender or type ("CDU-Fraktion vom
//! 04.01.2012") ranks just below a label.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{compile, DatePattern, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// How many non-blank lines at the top may hold a parliament's header.
const PARLIAMENT_LINES: usize = 6;
/// How many lines from the top a "Sender vom DATE" line is looked for.
const VOM_LINES: usize = 12;
/// How many non-blank lines at the end may hold a closing date.
const CLOSING_LINES: usize = 3;

/// Compiled date rules.
#[derive(Clone, Debug)]
pub struct DateRules {
    labels: LabelMatcher,
    types: Vec<String>,
    header_words: Vec<String>,
    dates: DatePattern,
    place: Regex,
    meeting: Regex,
    /// Rank (index in `date_labels`) from which a label dates the paper as
    /// its author wrote it; the office's issue stamp outranks these.
    author_from: usize,
    office_endings: Vec<String>,
    stamp_types: Vec<String>,
}

impl DateRules {
    /// Compiles the `date_labels` list.
    pub fn new(rules: &Rules) -> Result<DateRules, RulesError> {
        let labels = rules.list("date_labels");
        let author = rules.list("date_author_labels");
        let author_from = labels
            .iter()
            .position(|l| author.iter().any(|a| a.eq_ignore_ascii_case(l)))
            .unwrap_or(labels.len());
        Ok(DateRules {
            author_from,
            office_endings: rules.lower_list("date_office_endings"),
            stamp_types: rules.lower_list("date_stamp_type_endings"),
            labels: LabelMatcher::new("date_labels", rules.list("date_labels"), Separator::Loose)?
                .with_glued_digits(),
            types: rules.list("paper_types").to_vec(),
            header_words: rules.list("date_header_words").to_vec(),
            dates: DatePattern::new(),
            place: compile(
                "date",
                r"^[ \t]*[A-ZÄÖÜ][A-Za-zäöüß.]+(?:[ -][A-Za-zäöüß.()]+){0,3},[ \t]+(?:den[ \t]+|am[ \t]+)?[0-9]",
            )?,
            meeting: compile("date", r"(?i)sitzung|termin|tagung|beratung")?,
        })
    }

    /// The paper's date.
    pub fn find(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        meeting_dates: &[String],
    ) -> Option<Found<String>> {
        let end = layout.header_end.max(12).min(doc.lines.len());
        let in_table = |i: usize| layout.table.as_ref().is_some_and(|t| t.contains(&i));
        let found = |i: usize, at: usize, d: &super::scan::DateMatch, rule: &str| {
            let start = doc.lines[i].start + at + d.span.start;
            Found {
                value: d.iso.clone(),
                evidence: Evidence {
                    span: start..start + (d.span.end - d.span.start),
                    rule: rule.to_string(),
                },
            }
        };
        // 0. A parliament's Drucksache header: the date beside or right
        // below "Drucksache 19/1234" / "19. Wahlperiode" is the paper's,
        // even when the paper cites the date of the question it answers.
        if let Some(f) = self.parliament_header(doc, &found) {
            return Some(f);
        }
        // 1. A date label, also inside a column of a two-column header.
        // The labels rank in their list's order ("Datum" before "vom"
        // before "Eingang" before "Stand"), then by line. A label that
        // names a meeting ("Datum der Sitzung") dates the meeting.
        let mut best: Option<(usize, Found<String>)> = None;
        for i in (0..end).filter(|&i| !in_table(i)) {
            for (at, cell) in doc.column_starts(i) {
                if let Some(m) = self.labels.find(cell) {
                    if let Some(d) = self.dates.find_all(m.value).first() {
                        let lead = &cell[..m.value_at + d.span.start];
                        if self.meeting.is_match(lead) {
                            continue;
                        }
                        if best.as_ref().is_none_or(|(rank, _)| m.index < *rank) {
                            let rule = format!("date.label:{}", self.labels.label(m.index));
                            best = Some((m.index, found(i, at + m.value_at, d, &rule)));
                        }
                    }
                }
            }
        }
        // 1a. In an amendment, the issue stamp of the council's office
        // ("Hauptamt - Ratsangelegenheiten -" / "22. Oktober 2013")
        // outranks the date the author wrote ("vom"): an amendment is
        // registered when the office issues it for its meeting.
        let amendment = layout.paper_type.as_ref().is_some_and(|t| {
            let name = t.name.to_lowercase();
            self.stamp_types.iter().any(|e| name.ends_with(e.as_str()))
        });
        if amendment
            && best
                .as_ref()
                .is_none_or(|(rank, _)| *rank >= self.author_from)
        {
            if let Some((i, at, d)) = self.office_stamp(doc) {
                return Some(found(i, at, &d, "date.office_stamp"));
            }
        }
        if let Some((_, f)) = best {
            return Some(f);
        }
        // 1b. "CDU-Fraktion vom 04.01.2012", "Antrag der SPD vom 3.4.2020":
        // the date of the paper after its sender or type, ending the line.
        for i in (0..end.min(VOM_LINES)).filter(|&i| !in_table(i)) {
            let text = doc.lines[i].text;
            let Some(p) = text.find(" vom ") else {
                continue;
            };
            let sender = text[..p].trim();
            let lower = sender.to_lowercase();
            let names_sender = lower.contains("fraktion")
                || self
                    .types
                    .iter()
                    .any(|t| lower.starts_with(&t.to_lowercase()));
            if !names_sender || sender.split_whitespace().count() > 8 {
                continue;
            }
            let rest = &text[p + 5..];
            if let Some(d) = self.dates.find_all(rest).first() {
                if rest[d.span.end..].trim().is_empty() {
                    return Some(found(i, p + 5, d, "date.sender_vom"));
                }
            }
        }
        // 2. "Ort, den 7.7.2022".
        for i in (0..end).filter(|&i| !in_table(i)) {
            for (at, cell) in doc.column_starts(i) {
                if self.place.is_match(cell) {
                    if let Some(d) = self.dates.find_all(cell).first() {
                        return Some(found(i, at, d, "date.place_line"));
                    }
                }
            }
        }
        // 3. A date alone, or at the end of a header line after a gap.
        for i in (0..end).filter(|&i| !in_table(i)) {
            let text = doc.lines[i].text;
            if self.meeting.is_match(text) {
                continue;
            }
            let dates = self.dates.find_all(text);
            let Some(d) = dates.last() else { continue };
            let before = &text[..d.span.start];
            let after = text[d.span.end..].trim();
            let alone =
                before.trim().is_empty() || before.ends_with('\t') || before.ends_with("  ");
            if alone
                && (after.is_empty() || after.starts_with('/'))
                && !meeting_dates.contains(&d.iso)
            {
                return Some(found(i, 0, d, "date.header_line"));
            }
        }
        // 4. A date on a signature line: "24.09.2024, gez. i. A.".
        for (i, line) in doc.lines.iter().enumerate() {
            let t = line.text;
            if !super::scan::has(t, "gez") {
                continue;
            }
            let lower = t.to_lowercase();
            if let Some(d) = self.dates.find_all(t).first() {
                if lower.contains("gez.") && t.len() < 120 {
                    return Some(found(i, 0, d, "date.signature"));
                }
            }
        }
        // 5. A date alone closing the paper, under the issuing office
        // ("Hauptamt - Ratsangelegenheiten -" / "7. Dezember 2012").
        let closing = (0..doc.lines.len())
            .rev()
            .filter(|&i| !doc.is_blank(i))
            .take(CLOSING_LINES);
        for i in closing {
            let t = doc.trimmed(i);
            if let Some(d) = self.dates.find_all(t).first() {
                let alone = d.span.start == 0 && d.span.end == t.len();
                // "Berlin, den 12.03.2023" under the text.
                let placed = t.len() < 60 && self.place.is_match(t) && d.span.end == t.len();
                if (alone || placed) && !meeting_dates.contains(&d.iso) {
                    let lead = doc.trimmed_span(i).start - doc.lines[i].start;
                    return Some(found(i, lead, d, "date.closing_line"));
                }
            }
        }
        None
    }
}

impl DateRules {
    /// The first issue stamp of an office: a date alone on its line under
    /// a line naming an office and ending in a dash ("Hauptamt -
    /// Sitzungsdienste -" / "4. Juli 2008"), or after such a name on the
    /// same line. (line, byte offset of the trimmed line, date).
    fn office_stamp(&self, doc: &Doc<'_>) -> Option<(usize, usize, super::scan::DateMatch)> {
        let mut prev: Option<usize> = None;
        for i in 0..doc.lines.len() {
            if doc.is_blank(i) {
                continue;
            }
            let t = doc.trimmed(i);
            let above = prev.replace(i);
            if !t.bytes().any(|b| b.is_ascii_digit()) || t.len() > 80 {
                continue;
            }
            let Some(d) = self.dates.find_all(t).into_iter().next() else {
                continue;
            };
            if d.span.end != t.len() {
                continue;
            }
            let office = if d.span.start == 0 {
                above.map(|j| doc.trimmed(j))
            } else {
                Some(&t[..d.span.start])
            };
            if office.is_some_and(|o| self.is_office_line(o)) {
                let lead = doc.trimmed_span(i).start - doc.lines[i].start;
                return Some((i, lead, d));
            }
        }
        None
    }

    /// "Hauptamt - Ratsangelegenheiten -": a few words, one naming an
    /// office by its ending, closed by a dash.
    fn is_office_line(&self, s: &str) -> bool {
        let s = s.trim_end();
        let Some(body) = s.strip_suffix('-').or_else(|| s.strip_suffix('–')) else {
            return false;
        };
        let words: Vec<&str> = body
            .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
            .filter(|w| !w.is_empty())
            .collect();
        !words.is_empty()
            && words.len() <= 6
            && !body.bytes().any(|b| b.is_ascii_digit())
            && words.iter().any(|w| {
                let w = w.to_lowercase();
                self.office_endings.iter().any(|e| w.ends_with(e.as_str()))
            })
    }

    /// Every date in the header zone and on the last lines, with the
    /// verdict on it, for `extract --explain`: (line from 1, the date and
    /// its line, verdict). Meeting dates are listed too: they are why a
    /// paper that prints no date of its own has none.
    pub fn explain(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        meeting_dates: &[String],
    ) -> Vec<(usize, String, String)> {
        let chosen = self.find(doc, layout, meeting_dates);
        let end = layout.header_end.max(12).min(doc.lines.len());
        let closing: Vec<usize> = (0..doc.lines.len())
            .rev()
            .filter(|&i| !doc.is_blank(i))
            .take(CLOSING_LINES)
            .filter(|&i| i >= end)
            .collect();
        let mut out = Vec::new();
        for i in (0..end).chain(closing.into_iter().rev()) {
            let text = doc.lines[i].text;
            for d in self.dates.find_all(text) {
                let start = doc.lines[i].start + d.span.start;
                let verdict = match &chosen {
                    Some(c) if c.evidence.span.start == start => {
                        format!("chosen ({})", c.evidence.rule)
                    }
                    _ if layout.table.as_ref().is_some_and(|t| t.contains(&i)) => {
                        "a meeting date in the Beratungsfolge, not the paper's own".to_string()
                    }
                    _ if meeting_dates.contains(&d.iso) => {
                        "the date of a meeting the paper is for (Termin, Sitzung), not the paper's own"
                            .to_string()
                    }
                    _ if self.meeting.is_match(text) => {
                        "on a meeting line, not the paper's own".to_string()
                    }
                    Some(c) => format!("passed over: {} ranks first", c.evidence.rule),
                    None => "no date label, place line, own line or signature: a date in the text"
                        .to_string(),
                };
                out.push((i + 1, format!("{} | {}", d.iso, text.trim()), verdict));
            }
        }
        // The office's issue stamp may stand mid-paper (after the motion).
        if let Some((i, at, d)) = self.office_stamp(doc) {
            if !out.iter().any(|(line, _, _)| *line == i + 1) {
                let start = doc.lines[i].start + at + d.span.start;
                let verdict = match &chosen {
                    Some(c) if c.evidence.span.start == start => {
                        format!("chosen ({})", c.evidence.rule)
                    }
                    Some(c) => format!(
                        "an office's issue stamp, passed over: {} ranks first",
                        c.evidence.rule
                    ),
                    None => "an office's issue stamp, not taken".to_string(),
                };
                out.push((i + 1, format!("{} | {}", d.iso, doc.trimmed(i)), verdict));
            }
        }
        if let Some(c) = &chosen {
            if !out.iter().any(|(_, _, v)| v.starts_with("chosen")) {
                let line = doc
                    .lines
                    .partition_point(|l| l.start <= c.evidence.span.start);
                let t = doc
                    .lines
                    .get(line.saturating_sub(1))
                    .map_or("", |l| l.text.trim());
                out.push((
                    line,
                    format!("{} | {t}", c.value),
                    format!("chosen ({})", c.evidence.rule),
                ));
            }
        }
        out
    }

    fn parliament_header<F>(&self, doc: &Doc<'_>, found: &F) -> Option<Found<String>>
    where
        F: Fn(usize, usize, &super::scan::DateMatch, &str) -> Found<String>,
    {
        let top: Vec<usize> = (0..doc.lines.len())
            .filter(|&i| !doc.is_blank(i))
            .take(PARLIAMENT_LINES)
            .collect();
        for (k, &i) in top.iter().enumerate() {
            let text = doc.lines[i].text;
            if !self.header_words.iter().any(|w| text.contains(w.as_str())) {
                continue;
            }
            // A date as a cell of its own on this line or alone on the next.
            let next = top.get(k + 1).copied();
            for j in std::iter::once(i).chain(next) {
                for (at, cell) in super::scan::cells(doc.lines[j].text) {
                    if let Some(d) = self.dates.find_all(cell).first() {
                        if d.span.start == 0 && d.span.end == cell.len() {
                            return Some(found(j, at, d, "date.parliament_header"));
                        }
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {

    fn date(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).date
    }

    #[test]
    fn label_wins() {
        assert_eq!(
            date("Beschlussvorlage\tVorlagen-Nr.: VO/1/2020\n\tDatum: 15.09.2020\n").as_deref(),
            Some("2020-09-15")
        );
        assert_eq!(
            date("ANTRAG\n\nSPD-Fraktion\n\nvom:      23.08.2016\n").as_deref(),
            Some("2016-08-23")
        );
    }

    #[test]
    fn labels_rank_in_their_order_and_meeting_labels_are_not_the_papers() {
        // "eingegangen am" (received: the date the council registers and
        // deadlines run from) ranks above "vom" (written), whatever comes
        // first.
        let text =
            "ANTRAG\n\nFDP-Fraktion\n\nvom  05.08.2018\neingegangen am: 16.08.2018\n\nTitel\n";
        assert_eq!(date(text).as_deref(), Some("2018-08-16"));
        // "Datum" (the issuer's own date) still ranks above a receipt.
        let text = "Vorlage\n\nEingang: 16.08.2018\nDatum: 14.08.2018\n\nTitel\n";
        assert_eq!(date(text).as_deref(), Some("2018-08-14"));
        // "Stand" is a date label of last resort.
        let text = "Mitteilungsvorlage\n\nStand: 27.09.2022\n\nTitel\n";
        assert_eq!(date(text).as_deref(), Some("2022-09-27"));
        let text = "Mitteilungsvorlage\n\nStand: 27.09.2022\nDatum: 30.09.2022\n\nTitel\n";
        assert_eq!(date(text).as_deref(), Some("2022-09-30"));
        // "Datum der Sitzung" dates the meeting, not the paper.
        let text = "Beschlussvorlage\n\nDatum der Sitzung: 12.03.2024\n\nTitel\n";
        assert_eq!(date(text), None);
    }

    #[test]
    fn a_label_glued_to_its_date() {
        // Text whose spaces were lost: "vom25.10.2019".
        let text = "STADT KARLSRUHE\nOrtsverwaltung Stupferich\nANFRAGE\nB'90/Die Grünen-OR-Fraktion\nvom25.10.2019\neingegangen am25.10.2019\nGremium:\nTermin:\n";
        assert_eq!(date(text).as_deref(), Some("2019-10-25"));
        // A word that only starts like a label is none ("Datumsgrenze").
        assert_eq!(
            date("Vorlage\n\nVomhundertsatz 12.03.2019\n\nText.\n"),
            None
        );
    }

    #[test]
    fn place_line_and_spelled_month() {
        assert_eq!(
            date("Stadtteilbeirat\n                 Erlangen, den 7. Juli 2022\n\nAntrag: X\n")
                .as_deref(),
            Some("2022-07-07")
        );
    }

    #[test]
    fn header_line_date_but_not_meeting_dates() {
        let text = "Landtag von Baden-Württemberg      Drucksache 17 / 273\n17. Wahlperiode                    22.6.2021\n\nGesetzentwurf\n";
        assert_eq!(date(text).as_deref(), Some("2021-06-22"));
        let text = "Beratungsfolge\tDatum\tBehandlung\tZuständigkeit\nStadtrat\t06.11.2024\töffentlich\tEntscheidung\n\nBeschlussvorschlag\n\nText.\n";
        assert_eq!(date(text), None);
    }

    #[test]
    fn sender_vom_date_and_closing_date() {
        let text = "ANTRAG der\n\nCDU-Fraktion vom 04.01.2012\n\nGremium:\nTermin:\nOrtsrat\n18.01.2012\n\nStandplatz\n";
        assert_eq!(date(text).as_deref(), Some("2012-01-04"));
        // A title that cites a date is no sender.
        assert_eq!(
            date("Vorlage\n\nÄnderung der Satzung vom 12.03.2019\n\nText.\n"),
            None
        );
        let text = "BESCHLUSSVORLAGE\n\nTitel\n\nBeschluss:\nDer Rat beschließt.\nHauptamt - Ratsangelegenheiten -\n7. Dezember 2012\n";
        assert_eq!(date(text).as_deref(), Some("2012-12-07"));
        let text = "Antrag\nFraktion der SPD\n\nRadwege\n\nDie Versammlung möge beschließen:\nDas Bezirksamt wird ersucht.\n\nBerlin, den 12.03.2023\n";
        assert_eq!(date(text).as_deref(), Some("2023-03-12"));
    }

    #[test]
    fn the_office_issue_stamp_outranks_the_authors_vom() {
        // An amendment as the council office issues it: the faction's
        // "vom" date at the top, the office's stamp after the motion.
        let text = "ERGÄNZUNGSANTRAG\n\nStadträtin A (GRÜNE)\n\nvom 21. Oktober 2013\nGremium:\n\nSport- und Freizeitpark\n\nDer Beschlussvorschlag wird ergänzt.\n\nunterzeichnet von:\nA\n\nHauptamt - Ratsangelegenheiten -\n22. Oktober 2013\nSachverhalt / Begründung:\nText.\n";
        assert_eq!(date(text).as_deref(), Some("2013-10-22"));
        // The stamp on one line with its office.
        let text = "ÄNDERUNGSANTRAG\n\nvom 19.04.2007\n\nTitel\n\nText.\n\nHauptamt – Sitzungsdienste – 15.06.2007\n";
        assert_eq!(date(text).as_deref(), Some("2007-06-15"));
        // A question is dated by its author: the stamp under it is the
        // date it was issued for a meeting's agenda, weeks later.
        let text = "ANFRAGE\n\nvom 19.04.2007\n\nTitel\n\nText.\n\nHauptamt – Sitzungsdienste – 15.06.2007\n";
        assert_eq!(date(text).as_deref(), Some("2007-04-19"));
        // A "Datum" label outranks the stamp; a date under a line that names
        // no office ("Karlsruhe -") or a sentence is no stamp.
        let text = "Änderungsantrag\n\nDatum: 03.05.2019\n\nTitel\n\nHauptamt - Sitzungsdienste -\n07.05.2019\n";
        assert_eq!(date(text).as_deref(), Some("2019-05-03"));
        let text =
            "ERGÄNZUNGSANTRAG\n\nvom 19.04.2007\n\nTitel\n\nDie Kosten betragen -\n15.06.2007\n";
        assert_eq!(date(text).as_deref(), Some("2007-04-19"));
    }

    #[test]
    fn a_parliament_header_dates_the_paper() {
        let text = "Bayerischer Landtag\t19. Wahlperiode\t12.05.2023\tDrucksache 19/1234\n\nSchriftliche Anfrage\nder Abgeordneten X\nvom 03.04.2023\n";
        assert_eq!(date(text).as_deref(), Some("2023-05-12"));
        let text = "LANDTAG DES SAARLANDES\n\n 15. Wahlperiode Drucksache 15/1284 (15/1217)\n 12.03.2015\n\nA N T W O R T\n";
        assert_eq!(date(text).as_deref(), Some("2015-03-12"));
    }

    #[test]
    fn signature_date() {
        let text = "Entscheidungsvorlage\n\nBeschlussvorschlag\n\nText.\n\n24.09.2024, gez. i. A.\n\nDatum, Unterschrift\n";
        assert_eq!(date(text).as_deref(), Some("2024-09-24"));
    }
}
