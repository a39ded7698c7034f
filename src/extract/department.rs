//! The originating unit as printed: the value of a department label
//! (Federführend, Fachdienst, Amt, Dienststelle, …, Dezernat — earlier
//! labels in the `department_labels` list win), else a faction named in the
//! header of an Antrag or Anfrage ("SPD-Gemeinderatsfraktion", "Antrag der
//! Fraktion BÜNDNIS 90/DIE GRÜNEN"), else a unit or council body
//! opening the letterhead ("Amt 66 – Tiefbauamt", "Stadtteilbeirat
//! Büchenbach", nouns of `department_letterhead`), else the unit printed
//! just above the file number ("Planung, Bau und Umwelt" / "Aktenzeichen:
//! …").

use super::scan::{join_lines, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Compiled department rules.
#[derive(Clone, Debug)]
pub struct DepartmentRules {
    labels: LabelMatcher,
    file_number: LabelMatcher,
    any_label: LabelMatcher,
    /// Nouns that open a letterhead line naming the unit.
    letterhead: Vec<String>,
    /// Endings of one-word unit names in a letterhead, lowercase.
    letterhead_suffixes: Vec<String>,
    /// Label values that need the name on the line below.
    named_units: Vec<String>,
}

/// How many non-blank lines at the top are the letterhead.
const LETTERHEAD_LINES: usize = 4;

impl DepartmentRules {
    /// Compiles the `department_labels` list.
    pub fn new(rules: &Rules) -> Result<DepartmentRules, RulesError> {
        let all = rules.header_field_labels(&["paper_type_labels"]);
        Ok(DepartmentRules {
            labels: LabelMatcher::new(
                "department_labels",
                rules.list("department_labels"),
                Separator::Strict,
            )?,
            file_number: LabelMatcher::new(
                "department",
                &["Aktenzeichen".to_string(), "Az.".to_string()],
                Separator::Strict,
            )?,
            any_label: LabelMatcher::new("header_labels", &all, Separator::Strict)?,
            letterhead: rules.list("department_letterhead").to_vec(),
            letterhead_suffixes: rules
                .list("department_letterhead_suffixes")
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            named_units: rules.list("department_named_units").to_vec(),
        })
    }

    /// The originating unit.
    pub fn find(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let end = layout.header_end.max(12).min(doc.lines.len());
        self.by_label(doc, layout, end)
            .or_else(|| self.faction(doc, layout, end))
            .or_else(|| self.letterhead(doc))
            .or_else(|| self.above_file_number(doc, end))
    }

    /// A letterhead line that opens with a unit or council body noun and a
    /// name or number: "Amt 66 – Tiefbauamt", "Stadtteilbeirat Büchenbach".
    fn letterhead(&self, doc: &Doc<'_>) -> Option<Found<String>> {
        for (position, (i, t)) in doc.first_nonblank(LETTERHEAD_LINES).enumerate() {
            let cell = first_cell(t);
            // One word that is a unit by its ending: "Mobilitätsreferat",
            // "Stadtplanungsamt" under the city's name.
            if position > 0 && is_unit_word(cell, &self.letterhead_suffixes) {
                return Some(Found {
                    value: cell.to_string(),
                    evidence: Evidence {
                        span: doc.trimmed_prefix_span(i, cell.len()),
                        rule: "department.letterhead".into(),
                    },
                });
            }
            let Some(noun) = self.letterhead.iter().find(|n| {
                cell.len() > n.len()
                    && cell.is_char_boundary(n.len())
                    && super::scan::eq_ignore_case(&cell[..n.len()], n)
                    && cell[n.len()..].starts_with(' ')
            }) else {
                continue;
            };
            // A name or number follows: "Amt 66", "Ortsbeirat Nord", "Amt für …".
            let next = cell[noun.len()..].trim_start();
            let named = next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || next.starts_with("für ");
            if !named || cell.len() > 80 || cell.ends_with([':', ',']) {
                continue;
            }
            return Some(Found {
                value: cell.to_string(),
                evidence: Evidence {
                    span: doc.trimmed_prefix_span(i, cell.len()),
                    rule: "department.letterhead".into(),
                },
            });
        }
        None
    }

    fn by_label(&self, doc: &Doc<'_>, layout: &Layout<'_>, end: usize) -> Option<Found<String>> {
        let mut best: Option<(usize, Found<String>)> = None;
        for i in 0..end {
            for (at, cell) in doc.column_starts(i) {
                let Some(m) = self.labels.find(cell) else {
                    continue;
                };
                if best.as_ref().is_some_and(|b| b.0 <= m.index) {
                    continue;
                }
                let value = first_cell(m.value);
                let mut parts = vec![value];
                let mut start = doc.lines[i].start + at + m.value_at;
                let mut last_end = start + value.len();
                if matches!(value, "-" | "–" | "—" | "/") {
                    // A dash for a value: none given ("Verantwortlich: -").
                    continue;
                }
                let stacked = (value.is_empty() && at == 0)
                    .then(|| layout.header.stacked_value(i))
                    .flatten();
                if let Some(lines) = stacked {
                    // One of a stack of labels ("Gremium:" / "Termin:" /
                    // "Verantwortlich:"): the line below is another label's
                    // value; this one took its own further down, or none.
                    let Some(lines) = lines else {
                        continue;
                    };
                    parts = lines.clone().map(|j| first_cell(doc.trimmed(j))).collect();
                    start = doc.trimmed_span(lines.start).start;
                    last_end =
                        doc.trimmed_span(lines.end - 1).start + parts.last().map_or(0, |p| p.len());
                } else if value.is_empty() {
                    let Some(j) = doc.next_nonblank(i + 1).filter(|&j| j <= i + 2) else {
                        continue;
                    };
                    if self.any_label.find(doc.lines[j].text).is_some() {
                        continue;
                    }
                    parts = vec![first_cell(doc.trimmed(j))];
                    start = doc.trimmed_span(j).start;
                    last_end = start + parts[0].len();
                } else if value.ends_with('-') || value.ends_with(" und") || value.ends_with(',') {
                    let j = i + 1;
                    if !doc.is_blank(j) && self.any_label.find(doc.lines[j].text).is_none() {
                        let next = first_cell(doc.trimmed(j));
                        parts.push(next);
                        last_end = doc.trimmed_span(j).start + next.len();
                    }
                } else if let Some(place) = self.place_below(doc, i, value) {
                    // "Dienststelle: Ortsverwaltung" / "Hohenwettersbach".
                    parts.push(doc.trimmed(place));
                    last_end = doc.trimmed_span(place).end;
                }
                let value = join_lines(parts);
                if value.len() > 150 || value.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                    continue;
                }
                best = Some((
                    m.index,
                    Found {
                        value,
                        evidence: Evidence {
                            span: start..last_end,
                            rule: format!("department.label:{}", self.labels.label(m.index)),
                        },
                    },
                ));
            }
        }
        best.map(|b| b.1)
    }

    /// The line below a label's value when it is the value's wrapped
    /// name, then a blank line: one capitalised word (a place name after
    /// "Ortsverwaltung"), or a few when the value is a noun that needs a
    /// name (`department_named_units`: "Eigenbetrieb" / "Team Sauberes
    /// Karlsruhe").
    fn place_below(&self, doc: &Doc<'_>, i: usize, value: &str) -> Option<usize> {
        let j = i + 1;
        let t = doc.trimmed(j);
        let words = if self.named_units.iter().any(|n| n == value) {
            5
        } else {
            1
        };
        let name = !t.is_empty()
            && t.len() <= 40
            && t.split_whitespace().count() <= words
            && t.split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase))
            && t.chars().all(|c| c.is_alphabetic() || c == '-' || c == ' ')
            && t.chars().skip(1).any(char::is_lowercase);
        (name && doc.is_blank(j + 1) && self.any_label.find(t).is_none()).then_some(j)
    }

    fn faction(&self, doc: &Doc<'_>, layout: &Layout<'_>, end: usize) -> Option<Found<String>> {
        for i in 0..end {
            if layout.table.as_ref().is_some_and(|t| t.contains(&i)) {
                continue;
            }
            let line = doc.lines[i].text;
            let cell = first_cell(line.trim_start());
            if cell.len() > 120 {
                continue;
            }
            let lower = cell.to_lowercase();
            // A faction names itself: not "Alle Fraktionen …", not a
            // sentence ("… beantragt:").
            if !lower.contains("fraktion")
                || lower.contains("fraktionen")
                || cell.ends_with(':')
                || lower.starts_with("alle ")
            {
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            let mut value = cell;
            let mut skip = 0;
            // Of a list ("Eingang: 30.10.2023, FDP-Ortschaftsratsfraktion",
            // "Anna A., Bernd B. und GRÜNE Fraktion"), the item that is
            // the faction.
            if let Some(p) = faction_item(value) {
                skip = p;
                value = &value[p..];
            }
            // "Antrag der Fraktion X" → "Fraktion X"; "der Fraktion der SPD" → "Fraktion der SPD".
            if let Some(p) = value.find("Fraktion ") {
                if p > 0
                    && value[..p].trim_end().ends_with(|c: char| c.is_alphabetic())
                    && !value[..p].ends_with('-')
                {
                    skip += p;
                    value = &value[p..];
                }
            }
            for cut in [",", " vom ", " vom:", " (", " Eingang"] {
                if let Some(p) = value.find(cut) {
                    value = &value[..p];
                }
            }
            let value = value.trim();
            if value.is_empty() || value.split_whitespace().count() > 8 {
                continue;
            }
            let start = doc.lines[i].start + lead + skip;
            return Some(Found {
                value: value.to_string(),
                evidence: Evidence {
                    span: start..start + value.len(),
                    rule: "department.faction".into(),
                },
            });
        }
        None
    }

    fn above_file_number(&self, doc: &Doc<'_>, end: usize) -> Option<Found<String>> {
        for i in 1..end {
            if self.file_number.find(doc.lines[i].text).is_none() {
                continue;
            }
            let j = i - 1;
            let t = first_cell(doc.trimmed(j));
            if t.is_empty()
                || t.len() > 80
                || t.contains(|c: char| c.is_ascii_digit())
                || self.any_label.find(t).is_some()
            {
                return None;
            }
            return Some(Found {
                value: t.to_string(),
                evidence: Evidence {
                    span: doc.trimmed_prefix_span(j, t.len()),
                    rule: "department.above_file_number".into(),
                },
            });
        }
        None
    }
}

/// Where, in a list of names ("A, B und C-Fraktion"), the item naming the
/// faction starts, when it is not the first.
fn faction_item(cell: &str) -> Option<usize> {
    let mut separators: Vec<(usize, usize)> = cell
        .match_indices(", ")
        .chain(cell.match_indices(" und "))
        .map(|(p, sep)| (p, sep.len()))
        .collect();
    separators.sort_unstable();
    let mut from = 0;
    for (p, len) in separators {
        if p < from {
            continue;
        }
        if cell[from..p].to_lowercase().contains("fraktion") {
            break;
        }
        from = p + len;
    }
    (from > 0 && cell[from..].to_lowercase().contains("fraktion")).then_some(from)
}

/// One capitalised word ending like a unit ("Mobilitätsreferat").
fn is_unit_word(cell: &str, suffixes: &[String]) -> bool {
    if cell.len() > 40 {
        return false;
    }
    let lower = cell.to_lowercase();
    cell.starts_with(char::is_uppercase)
        && cell.chars().all(|c| c.is_alphabetic() || c == '-')
        && suffixes
            .iter()
            .any(|s| lower.len() > s.len() + 2 && lower.ends_with(s.as_str()))
}

/// The text up to the first tab or run of two spaces.
pub fn first_cell(s: &str) -> &str {
    let s = s.trim();
    let cut = [s.find('\t'), s.find("  ")].into_iter().flatten().min();
    cut.map_or(s, |c| s[..c].trim_end())
}

#[cfg(test)]
mod tests {

    fn department(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).department
    }

    #[test]
    fn preferred_label_wins() {
        assert_eq!(
            department("Beschlussvorlage\n\nDezernat:\tII\nFachdienst:\tFB 7 Zivilgesellschaft\nSachbearbeiter/in:\tJ. M.\n").as_deref(),
            Some("FB 7 Zivilgesellschaft")
        );
    }

    #[test]
    fn wrapped_and_next_line_values() {
        assert_eq!(
            department("Verantwortlich: Dez. 2 \nDienststelle:  Ordnungs- und \nBürgeramt \n")
                .as_deref(),
            Some("Ordnungs- und Bürgeramt")
        );
        assert_eq!(
            department("Dienststelle:  \nStadtplanungsamt \n\nTitel\n").as_deref(),
            Some("Stadtplanungsamt")
        );
        assert_eq!(
            department("Dienststelle:  Ortsverwaltung\nDurlach\n\n\nErstellung einer Studie\n")
                .as_deref(),
            Some("Ortsverwaltung Durlach")
        );
        assert_eq!(
            department("Dienststelle:      SJB\n\nBerufung sachkundiger Einwohner\n").as_deref(),
            Some("SJB")
        );
    }

    #[test]
    fn factions_and_units_above_file_numbers() {
        assert_eq!(
            department("ANTRAG\n\nSPD-Gemeinderatsfraktion\n\nvom: 23.08.2016\n").as_deref(),
            Some("SPD-Gemeinderatsfraktion")
        );
        assert_eq!(
            department("Gesetzentwurf\nder Fraktion der SPD\n").as_deref(),
            Some("Fraktion der SPD")
        );
        assert_eq!(
            department("Nordstemmen\n\nPlanung, Bau und Umwelt\nAktenzeichen: 56.10.40\n")
                .as_deref(),
            Some("Planung, Bau und Umwelt")
        );
    }

    #[test]
    fn units_in_the_letterhead() {
        // The asking party of a portal ("Anfrage: CDU") is left alone.
        assert_eq!(
            department("Anfrage\n\nTitel der Anfrage\nAnfrage: GRÜNE\n"),
            None
        );
        assert_eq!(department("Antrag: Neubau der Halle\n\nText.\n"), None);
        assert_eq!(
            department("Stadt Beispielstadt\tMitteilungsvorlage\nAmt 66 – Tiefbauamt\tDrucksache Nr.: MV/1/2024\n").as_deref(),
            Some("Amt 66 – Tiefbauamt")
        );
        assert_eq!(
            department("Stadtteilbeirat Büchenbach\tErlangen, den 16.12.2020\nVorsitzender Hans Beispiel\n").as_deref(),
            Some("Stadtteilbeirat Büchenbach")
        );
        assert_eq!(
            department("BESCHLUSSVORLAGE\n\nSTADT KARLSRUHE\nOrtsverwaltung Hohenwettersbach\n\nGremium:\n").as_deref(),
            Some("Ortsverwaltung Hohenwettersbach")
        );
        assert_eq!(
            department("Landeshauptstadt München\nMobilitätsreferat\n\nSitzungsvorlage Nr. 1\n")
                .as_deref(),
            Some("Mobilitätsreferat")
        );
        // Deeper down, a body is an addressee or a Beratungsfolge entry.
        assert_eq!(
            department("ANFRAGE\n\nStadtrat Max Muster\n\nvom 23.07.2013\nGremium:\n\nOrtschaftsrat Nord\n"),
            None
        );
    }

    #[test]
    fn stacked_labels_take_their_own_values() {
        // Labels printed in a stack, their values below in the same order:
        // the line below "Verantwortlich:" is the Gremium's value.
        let text = "STADT KARLSRUHE\nStadtamt Durlach\n\nANTRAG\n\nFDP-OR-Fraktion\n\nvom  05.08.2018\nGremium:\n\nTermin:\n\nTOP:\n\nVerantwortlich:\nOrtschaftsrat Durlach\n\n17.10.2018\n\nöffentlich\nDez. 6 / Stpl.A.\n\nVerkehrsanbindung Untere Hub\n\nEine mögliche Realisierung des Sportparks rückt näher.\n";
        assert_eq!(department(text).as_deref(), Some("Dez. 6 / Stpl.A."));
        // A single label without a value still takes the line below.
        assert_eq!(
            department("Dienststelle:  \nStadtplanungsamt \n\nTitel\n").as_deref(),
            Some("Stadtplanungsamt")
        );
    }

    #[test]
    fn dashes_lists_and_named_units() {
        // "-" is no value, not the start of a hyphenated one.
        assert_eq!(
            department("Verantwortlich: -\nBaustellensituation 2019 auf der A8\n\nText.\n"),
            None
        );
        assert_eq!(
            department(
                "ANTRAG\n\nEingang: 30.10.2023, FDP-Ortschaftsratsfraktion Hohenwettersbach\n"
            )
            .as_deref(),
            Some("FDP-Ortschaftsratsfraktion Hohenwettersbach")
        );
        assert_eq!(
            department("ANTRAG\n\nAnna Muster, Bernd Beispiel und GRÜNE Fraktion\n").as_deref(),
            Some("GRÜNE Fraktion")
        );
        assert_eq!(
            department("ANTRAG\n\nFraktion der SPD und der CDU\n").as_deref(),
            Some("Fraktion der SPD und der CDU")
        );
        assert_eq!(
            department("Verantwortlich: Dez. 5\nDienststelle:     Eigenbetrieb\nTeam Sauberes Karlsruhe\n\nGeschäftsordnung\n").as_deref(),
            Some("Eigenbetrieb Team Sauberes Karlsruhe")
        );
    }

    #[test]
    fn addressees_and_sentences_are_not_factions() {
        assert_eq!(
            department("Antrag: X\n\nsehr geehrte Mitglieder aller Fraktionen,\n"),
            None
        );
        assert_eq!(
            department("Antrag\n\nDie CDU-Gemeinderatsfraktion beantragt:\n"),
            None
        );
    }
}
