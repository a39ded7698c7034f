//! The decision proposal (Beschlussvorschlag): the text under a decision
//! heading (Beschlussvorschlag, Beschlussentwurf, Beschlussantrag, Antrag,
//! Empfehlung, …) or after a lead-in ("Der Stadtrat möge beschließen:"),
//! whitespace-normalised, numbered items in printed order. Lead-in lines
//! right after the heading ("Der Magistrat wird gebeten, folgenden Beschluss
//! zu fassen:") are dropped. It ends at the next section heading, a
//! signature or form line, or a Beratungsfolge.
//!
//! An Antrag without heading whose numbered items follow the Beratungsfolge
//! (common in Karlsruhe and other SessionNet towns) has those items as its
//! proposal.

use regex::Regex;

use super::scan::{alternation, compile, has_checkbox, is_page_marker, join_lines, Doc};
use super::sections::SectionRules;
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Longest proposal taken, in bytes.
const MAX_LEN: usize = 12_000;

/// Compiled decision-proposal rules.
#[derive(Debug)]
pub struct DecisionRules {
    heading_prefix: Regex,
    place_date: Regex,
    numbered: Regex,
}

impl DecisionRules {
    /// Compiles the rules.
    pub fn new(rules: &Rules) -> Result<DecisionRules, RulesError> {
        Ok(DecisionRules {
            heading_prefix: compile(
                "decision_headings",
                &format!(
                    r"(?i)^[ \t]*(?:{})[ \t]",
                    alternation(rules.list("decision_headings"))
                ),
            )?,
            place_date: compile(
                "decision",
                r"^[ \t]*[A-ZÄÖÜ][A-Za-zäöüß.]+(?:[ -][A-Za-zäöüß.()]+){0,3},[ \t]+(?:den[ \t]+|am[ \t]+)?[0-9]{1,2}\.",
            )?,
            numbered: compile(
                "decision",
                r"^[ \t]*(?:[0-9]{1,2}[.)]|[a-z][)]|[-•][ \t])[ \t]*[A-ZÄÖÜa-zäöü]",
            )?,
        })
    }

    /// The decision proposal.
    pub fn find(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        sections: &SectionRules,
        wants_decision: bool,
    ) -> Option<Found<String>> {
        if let Some(start) = &layout.decision {
            let line = doc.lines[start.line];
            let mut first = None;
            let mut parts: Vec<&str> = Vec::new();
            if !start.inline.is_empty() {
                first = Some(line.start + start.inline_at);
                parts.push(start.inline);
            }
            let mut i = start.line + 1;
            if parts.is_empty() {
                // Lead-ins and blank lines after the heading.
                while i < doc.lines.len() {
                    let text = doc.lines[i].text;
                    if text.trim().is_empty()
                        || sections.is_phrase(text)
                        || self.is_lead_in(text)
                        || sections.decision_heading(text).is_some()
                    {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            let rule = format!("decision_proposal.{}", start.rule);
            return self.collect(doc, sections, i, first, parts, &rule);
        }
        if !wants_decision {
            return None;
        }
        let table = layout.table.as_ref()?;
        let i = doc.next_nonblank(table.end)?;
        if !self.numbered.is_match(doc.lines[i].text) || i > table.end + 6 {
            return None;
        }
        self.collect(
            doc,
            sections,
            i,
            None,
            Vec::new(),
            "decision_proposal.items_after_table",
        )
    }

    fn is_lead_in(&self, line: &str) -> bool {
        let t = line.trim();
        t.ends_with(':') && t.len() < 200 && self.heading_prefix.is_match(t)
    }

    fn collect<'a>(
        &self,
        doc: &Doc<'a>,
        sections: &SectionRules,
        from: usize,
        mut first: Option<usize>,
        mut parts: Vec<&'a str>,
        rule: &str,
    ) -> Option<Found<String>> {
        let mut end = first
            .map(|f| f + parts.first().map_or(0, |p| p.len()))
            .unwrap_or(0);
        let mut len = parts.iter().map(|p| p.len()).sum::<usize>();
        for i in from..doc.lines.len() {
            let text = doc.lines[i].text;
            let t = text.trim();
            if t.is_empty() || is_page_marker(t) {
                continue;
            }
            if sections.is_section(text)
                || sections.decision_heading(text).is_some()
                || sections.is_signature(text)
                || has_checkbox(text)
                || t.to_lowercase().starts_with("beratungsfolge")
                || t.len() < 60 && self.place_date.is_match(t)
                || len > MAX_LEN
            {
                break;
            }
            if first.is_none() {
                first = Some(doc.trimmed_span(i).start);
            }
            end = doc.trimmed_span(i).end;
            len += t.len();
            parts.push(text);
        }
        let value = join_lines(parts);
        let first = first?;
        if value.is_empty() {
            return None;
        }
        Some(Found {
            value,
            evidence: Evidence {
                span: first..end.max(first),
                rule: rule.to_string(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::{Extractor, Rules};
    use crate::text::Text;

    fn proposal(text: &str) -> Option<String> {
        let ex = Extractor::new(Rules::builtin()).unwrap();
        ex.extract(&Text::from_str_pages(text)).decision_proposal
    }

    #[test]
    fn heading_to_next_section() {
        let text = "Beschlussvorlage\n\nBeschlussvorschlag:\n\nDer Magistrat wird gebeten, folgenden Beschluss zu fassen:\n\nErster Absatz mit Tren-\nnung.\n\nZweiter Absatz.\n\nSachverhalt:\n\nProsa.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Erster Absatz mit Trennung. Zweiter Absatz.")
        );
    }

    #[test]
    fn numbered_items_in_order_until_signature() {
        let text = "Entscheidungsvorlage\n\nBeschlussvorschlag\n\n01\n\nDie Verwaltung prüft.\n02\nSie berichtet.\n\n24.09.2024, gez. i. A.\n\nDatum, Unterschrift\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("01 Die Verwaltung prüft. 02 Sie berichtet.")
        );
    }

    #[test]
    fn lead_in_phrase() {
        let text = "Antrag\n\nDIE LINKE.-Gemeinderatsfraktion\n\nDer Gemeinderat möge beschließen:\n\nAlle Einbahnstraßen werden freigegeben.\n\n\nBegründung:\n\nText.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Alle Einbahnstraßen werden freigegeben.")
        );
    }

    #[test]
    fn heading_then_heading_like_lead_in() {
        let text = "Beschlussvorlage\n\nText.\n\nBeschluss:\n\nAntrag an den Gemeinderat – nach Vorberatung im Hauptausschuss:\n\nDer Gemeinderat beschließt den Erlass.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Gemeinderat beschließt den Erlass.")
        );
    }

    #[test]
    fn numbered_items_after_the_table_of_an_antrag() {
        let text = "ANTRAG\n\nSPD-Gemeinderatsfraktion\n\nPrüfung der Möglichkeiten\nGremium Termin TOP ö nö\nGemeinderat 25.10.2016 10 x\n\n1. Erstens wird geprüft\n\n2. Zweitens berichtet\n\nSachverhalt/Begründung:\n\nText\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("1. Erstens wird geprüft 2. Zweitens berichtet")
        );
    }

    #[test]
    fn anfrage_has_none() {
        let text = "Anfrage\n\nTitel\nGremien Termin TOP Ö / N Zuständigkeit\nGemeinderat 25.03.2025 34 Ö Kenntnisnahme\n\n1. Wie viele?\n";
        assert_eq!(proposal(text), None);
    }
}
