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

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{
    alternation, compile, has_checkbox, is_page_marker, join_lines, DatePattern, Doc,
};
use super::sections::{self, SectionRules};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Longest proposal taken, in bytes.
const MAX_LEN: usize = 12_000;
/// Most lines of the sentence after a lead-in ending in a comma.
const SENTENCE_LINES: usize = 6;
/// Most decision headings weighed against each other.
const MAX_CANDIDATES: usize = 6;
/// How much of a proposal's opening is searched for a resolving verb.
const RESOLVE_CHARS: usize = 300;
/// Longest proposal that can be a mere pointer to another page.
const POINTER_LEN: usize = 120;

/// Compiled decision-proposal rules.
#[derive(Clone, Debug)]
pub struct DecisionRules {
    heading_prefix: Regex,
    demand_verbs: Vec<String>,
    /// Verbs that say what a proposal resolves.
    resolution_verbs: Vec<String>,
    /// Words of a proposal that points to another page.
    pointers: Vec<String>,
    /// Word endings of bodies that ask (council bodies and factions).
    asking_bodies: Vec<String>,
    dates: DatePattern,
    place_date: Regex,
    numbered: Regex,
}

impl DecisionRules {
    /// Compiles the rules.
    pub fn new(rules: &Rules) -> Result<DecisionRules, RulesError> {
        let lower = |name: &str| rules.lower_list(name);
        let mut asking_bodies = lower("consultation_body_endings");
        asking_bodies.push("fraktion".to_string());
        Ok(DecisionRules {
            demand_verbs: lower("decision_demand_verbs"),
            pointers: lower("decision_pointers"),
            resolution_verbs: lower("decision_verbs"),
            asking_bodies,
            dates: DatePattern::new(),
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
                r"^[ \t]*(?:[0-9]{1,2}[.)]|[a-z][)]|[-•–▪◦o][ \t])[ \t]*[A-ZÄÖÜa-zäöü]",
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
        // Several decision headings: a cover box ("Antrag an den
        // Gemeinderat / Ausschuss: siehe Seite 3", a summary) before the
        // proposal itself. The first whose text resolves something ("Der
        // Gemeinderat beschließt …", "… nimmt … zur Kenntnis") wins, else
        // the first that does not only point elsewhere.
        let skip = layout.paper_type.as_ref().map(|t| t.line);
        let (mut fallback, mut pointer) = (None, None);
        let mut any = false;
        // Lazy: most papers stop at their first heading. The narrow rules'
        // start (layout.decision) is always among these wide ones.
        let narrow_first = layout.decision.map(|d| d.line);
        for start in sections
            .decision_starts(doc, skip, narrow_first)
            .take(MAX_CANDIDATES)
        {
            any = true;
            // The opening is enough to weigh a candidate; only the one
            // taken is read to its end.
            let Some(preview) = self.under_start(doc, sections, &start, RESOLVE_CHARS) else {
                continue;
            };
            if self.resolves(&preview.value) {
                return self.under_start(doc, sections, &start, MAX_LEN);
            }
            // "Beschlussfassung siehe Seite 17" points elsewhere.
            if self.points_elsewhere(&preview.value) {
                pointer = pointer.or(Some(start));
            } else if fallback.is_none() {
                fallback = Some(start);
            }
        }
        if any {
            let start = fallback.or(pointer)?;
            return self.under_start(doc, sections, &start, MAX_LEN);
        }
        if let Some(start) = &layout.decision {
            return self.under_start(doc, sections, start, MAX_LEN);
        }
        if !wants_decision {
            return None;
        }
        self.items_after_table(doc, layout, sections)
            .or_else(|| self.prose_demand(doc, layout, sections))
    }

    /// Whether a proposal's opening says what is resolved: a verb of
    /// `decision_verbs` in its first sentence.
    fn resolves(&self, value: &str) -> bool {
        let head: String = value.chars().take(RESOLVE_CHARS).collect();
        let lower = head.to_lowercase();
        self.resolution_verbs
            .iter()
            .any(|v| sections::find_word(&lower, v).is_some())
    }

    /// Whether line `i` is one word that, with the next line, makes a
    /// section heading wrapped in a narrow cell ("Finanzielle" /
    /// "Auswirkungen").
    fn wrapped_section(&self, doc: &Doc<'_>, sections: &SectionRules, i: usize) -> bool {
        let t = doc.trimmed(i);
        if t.is_empty() || t.len() > 30 || !t.chars().all(char::is_alphabetic) {
            return false;
        }
        let Some(next) = (i + 1 < doc.lines.len()).then(|| doc.trimmed(i + 1)) else {
            return false;
        };
        !next.is_empty()
            && next.len() <= 40
            && !sections.is_section(next)
            && sections.is_section(&format!("{t} {next}"))
    }

    /// Whether a short proposal only points to another place ("siehe
    /// Seite 17", "Satzungsbeschluss (siehe S. 3)").
    fn points_elsewhere(&self, value: &str) -> bool {
        value.len() < POINTER_LEN && {
            let lower = value.to_lowercase();
            self.pointers.iter().any(|p| lower.contains(p.as_str()))
        }
    }

    /// The proposal under one decision heading or lead-in.
    fn under_start(
        &self,
        doc: &Doc<'_>,
        sections: &SectionRules,
        start: &sections::DecisionStart<'_>,
        limit: usize,
    ) -> Option<Found<String>> {
        let line = doc.lines[start.line];
        let inline =
            (!start.inline.is_empty()).then(|| (line.start + start.inline_at, start.inline));
        let mut i = start.line + 1;
        if inline.is_none() {
            // Lead-ins and blank lines after the heading.
            while i < doc.lines.len() {
                let text = doc.lines[i].text;
                if text.trim().is_empty()
                    || sections.is_phrase(text)
                    || self.is_lead_in(text)
                    || sections.is_decision_heading(text)
                {
                    i += 1;
                } else {
                    break;
                }
            }
        }
        let rule = format!("decision_proposal.{}", start.rule);
        if start.rule == "phrase_sentence" {
            return self.sentence(doc, i, &rule);
        }
        self.collect(doc, sections, i, inline, &rule, limit)
    }

    fn items_after_table(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        sections: &SectionRules,
    ) -> Option<Found<String>> {
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
            "decision_proposal.items_after_table",
            MAX_LEN,
        )
    }

    /// A paper that asks in prose: the last paragraph before the signature
    /// whose first line says what is asked for ("Wir beantragen deshalb,
    /// die Verwaltung möge …", "Der Ortschaftsrat beantragt die
    /// Überarbeitung …"; verbs of `decision_demand_verbs`).
    fn prose_demand(
        &self,
        doc: &Doc<'_>,
        layout: &Layout<'_>,
        sections: &SectionRules,
    ) -> Option<Found<String>> {
        let mut last = None;
        for i in layout.header_end.min(doc.lines.len())..doc.lines.len() {
            let text = doc.lines[i].text;
            if sections.is_signature_at(doc, i) {
                break;
            }
            let t = text.trim();
            let starts_paragraph =
                i == 0 || doc.is_blank(i - 1) || doc.trimmed(i - 1).ends_with(['.', ':', '!', '?']);
            if !starts_paragraph || !t.starts_with(char::is_uppercase) || t.len() > 300 {
                continue;
            }
            let lower = doc.lower(i);
            let Some(at) = self
                .demand_verbs
                .iter()
                .filter_map(|v| sections::find_word(lower, v))
                .min()
            else {
                continue;
            };
            // The council asks, not an applicant in the prose ("Die Firma
            // beantragt eine Genehmigung"): "Wir …" or a body or faction
            // before the verb.
            let subject = &lower[..at];
            if subject.starts_with("wir ")
                || subject.split_whitespace().any(|w| {
                    let w = w.trim_matches(|c: char| !c.is_alphabetic());
                    self.asking_bodies.iter().any(|b| w.ends_with(b.as_str()))
                })
            {
                last = Some(i);
            }
        }
        self.collect(
            doc,
            sections,
            last?,
            None,
            "decision_proposal.prose_demand",
            MAX_LEN,
        )
    }

    /// The rest of a sentence after a formal lead-in ending in a comma ("Der
    /// Landtag wolle beschließen," / "dem Gesetzentwurf zuzustimmen."), up
    /// to its full stop or colon.
    fn sentence(&self, doc: &Doc<'_>, from: usize, rule: &str) -> Option<Found<String>> {
        let mut parts = Vec::new();
        for i in from..doc.lines.len().min(from + SENTENCE_LINES) {
            let t = doc.trimmed(i);
            if t.is_empty() {
                if parts.is_empty() {
                    continue;
                }
                return None;
            }
            parts.push(i);
            if t.ends_with(['.', ':']) {
                let value = join_lines(parts.iter().map(|&j| doc.lines[j].text));
                let value = value.trim_end_matches(':').trim_end().to_string();
                let first = doc.trimmed_span(*parts.first()?).start;
                return Some(Found {
                    value,
                    evidence: Evidence {
                        span: first..doc.trimmed_span(i).end,
                        rule: rule.to_string(),
                    },
                });
            }
        }
        None
    }

    /// A line that is one date and nothing else.
    fn is_date_alone(&self, t: &str) -> bool {
        t.len() < 30
            && t.starts_with(|c: char| c.is_ascii_digit())
            && self
                .dates
                .find_all(t)
                .first()
                .is_some_and(|d| d.span.start == 0 && d.span.end == t.len())
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
        inline: Option<(usize, &'a str)>,
        rule: &str,
        limit: usize,
    ) -> Option<Found<String>> {
        // Text on the heading's own line: where it starts, and itself.
        let mut first = inline.map(|(at, _)| at);
        let mut parts: Vec<&'a str> = inline.map(|(_, t)| t).into_iter().collect();
        let mut end = first
            .map(|f| f + parts.first().map_or(0, |p| p.len()))
            .unwrap_or(0);
        let mut len = parts.iter().map(|p| p.len()).sum::<usize>();
        // A proposal that opens with a list ends with it: after an item's
        // full stop, a line that is no item starts other text.
        let mut list = None;
        let mut ends: Vec<usize> = Vec::new();
        for i in from..doc.lines.len() {
            let text = doc.lines[i].text;
            let t = text.trim();
            if t.is_empty() || is_page_marker(t) {
                continue;
            }
            let item = self.numbered.is_match(text);
            let list_done = list == Some(true)
                && !item
                && parts
                    .last()
                    .is_some_and(|p| p.trim_end().ends_with(['.', '!', '?']))
                && t.starts_with(char::is_uppercase);
            if sections.is_section(text)
                || self.wrapped_section(doc, sections, i)
                || sections.is_decision_heading(text)
                || sections.is_signature_at(doc, i)
                || sections.is_attachment_lead_in(text)
                || has_checkbox(text)
                || doc.lower(i).starts_with("beratungsfolge")
                || t.len() < 60 && self.place_date.is_match(t)
                || list_done
                || len > limit
            {
                break;
            }
            if self.is_date_alone(t) {
                // A sign-off: the issuing office above the date goes too
                // ("Hauptamt - Ratsangelegenheiten -" / "7. Dezember 2012").
                while parts.len() > 1
                    && parts.last().is_some_and(|p| {
                        let p = p.trim();
                        p.len() < 60 && !p.ends_with(['.', '!', '?', ':', ';', ',', ')'])
                    })
                {
                    parts.pop();
                    ends.pop();
                }
                end = ends.last().copied().unwrap_or(end);
                break;
            }
            list.get_or_insert(item);
            if first.is_none() {
                first = Some(doc.trimmed_span(i).start);
            }
            end = doc.trimmed_span(i).end;
            ends.push(end);
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

    fn proposal(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).decision_proposal
    }

    #[test]
    fn heading_naming_its_addressee_or_a_note() {
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nAntrag an den Ausschuss / Ortsrat\n\nDer Ausschuss nimmt den Bericht zur Kenntnis.\n\nFinanzielle Auswirkungen\nkeine\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Ausschuss nimmt den Bericht zur Kenntnis.")
        );
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nBeschlussantrag (Kurzfassung)\nDer Werkausschuss stimmt den neuen Tarifen zu.\n\nErläuterungen\nText.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Werkausschuss stimmt den neuen Tarifen zu.")
        );
        // The paper-type line is the heading when it names the addressee.
        let text = "Vorlage Nr. 12\n\nTitel der Vorlage\n\nText.\n\nAntrag an den Ortsrat:\n\nDer Ortsrat nimmt Kenntnis.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Ortsrat nimmt Kenntnis.")
        );
    }

    #[test]
    fn ends_at_a_heading_wrapped_over_two_lines() {
        let text = "Beschlussvorlage\n\nTitel\n\nBeschlussvorschlag:\nDer Rat stimmt zu.\n\nFinanzielle\nAuswirkungen\nGesamtkosten 5.000 €\n";
        assert_eq!(proposal(text).as_deref(), Some("Der Rat stimmt zu."));
    }

    #[test]
    fn cover_box_before_the_proposal() {
        // A pointer in the cover box: the proposal is the later one.
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nAntrag an den Stadtrat / Ausschuss\nSatzungsbeschluss (siehe Seite 3)\n\nSachverhalt\nText.\n\nBeschluss:\n\nDer Stadtrat beschließt die Satzung.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Stadtrat beschließt die Satzung.")
        );
        // A summary without a resolving verb: the later proposal, too.
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nAntrag an den Stadtrat / Ausschuss\nDas Amt legt einen Bericht über die Lage vor.\n\nSachverhalt\nText.\n\nBeschlussvorschlag:\n\nDer Stadtrat nimmt den Bericht zur Kenntnis.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Stadtrat nimmt den Bericht zur Kenntnis.")
        );
        // The first proposal that resolves something wins.
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nBeschlussvorschlag:\nDer Rat stimmt zu.\n\nSachverhalt\nText.\n\nBeschluss:\nDer Rat beschließt anders.\n";
        assert_eq!(proposal(text).as_deref(), Some("Der Rat stimmt zu."));
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
    fn prose_demand_of_an_antrag_without_heading() {
        let text = "Fraktion X, Rathausplatz 1\nAntrag\nhier: Parkplatz Nord\n\nSehr geehrter Herr Oberbürgermeister,\ndie Diskussion hat gezeigt, dass es eilt.\nWir beantragen deshalb, die Verwaltung möge frühzeitig\nden Parkplatz planen.\nMit freundlichen Grüßen\n\ngez. Max Muster\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Wir beantragen deshalb, die Verwaltung möge frühzeitig den Parkplatz planen.")
        );
        // The last such paragraph before the signature: the summary at the
        // top only repeats it.
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nKurzfassung\n\nDer Ortsrat beantragt bei der Planung einen Raum.\n\nErläuterungen\n\nDer Ortsrat beantragt die Überarbeitung der Studie, nämlich\n\na) eines Raumes\nb) einer Bibliothek\n\nim Rahmen des Umbaus.\n\n\ngez. Eva Muster\nOrtsvorsteherin\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Ortsrat beantragt die Überarbeitung der Studie, nämlich a) eines Raumes b) einer Bibliothek im Rahmen des Umbaus.")
        );
        // An applicant in the prose does not ask the council.
        let text = "Beschlussvorlage\n\nTitel der Vorlage\n\nSachverhalt\n\nDie Firma Muster GmbH beantragt eine Genehmigung.\n\ngez. Eva Muster\n";
        assert_eq!(proposal(text), None);
        // Not for papers that decide nothing.
        assert_eq!(
            proposal("Anfrage\n\nTitel\n\nWir beantragen nichts, wir fragen.\n"),
            None
        );
    }

    #[test]
    fn formal_lead_in_ending_in_a_comma() {
        let text = "Gesetzentwurf\n\nE. Kosten\n\nKeine.Der Landtag wolle beschließen,\ndem nachstehenden Gesetzentwurf seine Zustimmung zu\nerteilen:\n\nGesetz zur Änderung\n\nArtikel 1\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("dem nachstehenden Gesetzentwurf seine Zustimmung zu erteilen")
        );
    }

    #[test]
    fn a_list_ends_the_proposal_it_opens() {
        let text = "Antrag: Neubau\n\nText.\nWir beantragen daher\n• maximal 4 Geschosse\n• mehr Grünflächen, um die Qualität zu\nverbessern.\nDer Neubau muss als Ganzes betrachtet werden.\nMehr Text.\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("• maximal 4 Geschosse • mehr Grünflächen, um die Qualität zu verbessern.")
        );
    }

    #[test]
    fn sign_off_office_and_date_are_not_proposal() {
        let text = "Beschlussvorlage\n\nBeschluss:\nAntrag an den Gemeinderat\nDer Gemeinderat beschließt die Satzung (Anlage 2).\nHauptamt - Ratsangelegenheiten -\n7. Dezember 2012\n";
        assert_eq!(
            proposal(text).as_deref(),
            Some("Der Gemeinderat beschließt die Satzung (Anlage 2).")
        );
        let text = "Antrag\n\nDer Rat möge beschließen:\nDer Rat stimmt zu.\nAls Anlagen angefügt sind:\n• Anlage 1: Plan\n";
        assert_eq!(proposal(text).as_deref(), Some("Der Rat stimmt zu."));
    }

    #[test]
    fn anfrage_has_none() {
        let text = "Anfrage\n\nTitel\nGremien Termin TOP Ö / N Zuständigkeit\nGemeinderat 25.03.2025 34 Ö Kenntnisnahme\n\n1. Wie viele?\n";
        assert_eq!(proposal(text), None);
    }
}
