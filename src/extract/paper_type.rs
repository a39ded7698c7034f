//! The paper type (Beschlussvorlage, Antrag, Kleine Anfrage, …): the first
//! line near the top of the paper that starts with a type name from the
//! `paper_types` list, or whose `paper_type_labels` label ("Vorlage-Art:",
//! "Vorlagenart:", "Art:", as portals print it) has one as its value, or
//! whose last column is a type alone ("Stadt Beispielstadt ⇥
//! Mitteilungsvorlage", a letterhead). The type is given in the list's
//! spelling, so "ANTRAG" and "A N T W O R T" come out as "Antrag" and
//! "Antwort".

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{alternation, cells, compile, unspace_letters, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Rules, RulesError};

/// How many non-blank lines from the top are searched.
const SEARCH_LINES: usize = 40;
/// How many non-blank lines from the top may carry the type in a second
/// column (a letterhead).
const COLUMN_LINES: usize = 12;

/// Compiled paper type rules.
#[derive(Clone, Debug)]
pub struct PaperTypeRules {
    re: Regex,
    labels: LabelMatcher,
    types: Vec<String>,
    /// Decision and section headings, which some compounds also are.
    headings: Vec<String>,
    /// Types that say only that the paper is one ("Vorlage").
    generic: Vec<String>,
}

/// The paper type and the line it was printed on.
#[derive(Clone, Debug, PartialEq)]
pub struct PaperType {
    /// The type in the vocabulary's spelling.
    pub name: String,
    /// The line index.
    pub line: usize,
    /// What follows the type on its line after a colon ("Antrag: Neubau
    /// der Halle" → "Neubau der Halle"), if anything.
    pub rest: Option<String>,
}

impl PaperTypeRules {
    /// A printed type as the list spells it ("BESCHLUSSVORLAGE" →
    /// "Beschlussvorlage"), or as printed when the list lacks it.
    fn listed_name(&self, printed: &str) -> String {
        let printed_collapsed = collapse(printed);
        self.listed(&printed_collapsed)
            .cloned()
            .unwrap_or_else(|| word_case(&printed_collapsed))
    }

    /// Whether a compound is a section heading ("Beschlussantrag"), not a
    /// type.
    fn is_heading_word(&self, word: &str) -> bool {
        self.headings
            .iter()
            .any(|h| super::scan::eq_ignore_case(word.trim(), h))
    }

    /// The list's entry for a printed type, if the list has it.
    fn listed(&self, printed: &str) -> Option<&String> {
        self.types
            .iter()
            .find(|ty| super::scan::eq_ignore_case(printed, ty))
    }

    /// Compiles the `paper_types` list.
    pub fn new(rules: &Rules) -> Result<PaperTypeRules, RulesError> {
        let types = rules.list("paper_types").to_vec();
        // An optional qualifier ("Interfraktioneller", "Gemeinsamer"), then a
        // listed type or a compound of one of the type endings
        // ("Zusatzantrag", "Eilantrag", "Ortsbeiratsvorlage"). The compound
        // head is unbounded: `\p{L}{3,30}` compiles into 30 copies of the
        // Unicode letter class, more than half of all start-up time. Its
        // letters are Latin ones: `\p{Latin}` (umlauts, ß, accents
        // included) is a tenth of `\p{L}`'s size and halves this, the
        // costliest pattern a one-file run compiles.
        let pattern = format!(
            r"(?i)^[ \t]*(?:(?:{})[ \t]+)?({}|\p{{Latin}}{{3,}}(?:{}))",
            alternation(rules.list("paper_type_qualifiers")),
            alternation(&types),
            alternation(rules.list("paper_type_endings")),
        );
        Ok(PaperTypeRules {
            re: compile("paper_types", &pattern)?,
            labels: LabelMatcher::new(
                "paper_type_labels",
                rules.list("paper_type_labels"),
                Separator::Strict,
            )?,
            types,
            headings: rules.joined_lists(&["decision_headings", "section_headings"]),
            generic: rules.list("generic_paper_types").to_vec(),
        })
    }

    /// The paper's type, if one of the known names starts a line near the
    /// top.
    pub fn find(&self, doc: &Doc<'_>) -> Option<Found<PaperType>> {
        self.scan(doc, |_, _, _| {})
    }

    /// Every line near the top that starts with a type word, with the
    /// verdict on it, for `extract --explain`: (line from 1, text, verdict).
    pub fn explain(&self, doc: &Doc<'_>) -> Vec<(usize, String, String)> {
        let mut out = Vec::new();
        let chosen = self.scan(doc, |i, t, verdict| {
            out.push((i + 1, t.to_string(), verdict.to_string()));
        });
        if let Some(found) = chosen {
            let line = found.value.line + 1;
            let text = doc.trimmed(found.value.line).to_string();
            out.push((line, text, format!("chosen: {}", found.value.name)));
        }
        out
    }

    /// The first type line near the top; `rejected` hears of each line
    /// that starts with a type word but is not one, and why.
    fn scan(
        &self,
        doc: &Doc<'_>,
        mut rejected: impl FnMut(usize, &str, &str),
    ) -> Option<Found<PaperType>> {
        let mut seen = 0;
        let mut generic: Option<Found<PaperType>> = None;
        for (i, line) in doc.lines.iter().enumerate() {
            if seen >= SEARCH_LINES {
                break;
            }
            let t = line.text.trim();
            if t.is_empty() {
                continue;
            }
            seen += 1;
            if let Some(found) = self
                .behind_label(doc, i)
                .or_else(|| self.last_column(doc, i, seen))
            {
                return Some(found);
            }
            let unspaced = unspace_letters(t);
            let Some(m) = self.re.captures(&unspaced).and_then(|c| c.get(1)) else {
                continue;
            };
            let rest = &unspaced[m.end()..];
            // A whole word: "Antragsteller" is not "Antrag".
            if rest
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
            {
                continue;
            }
            // "Antrag an den Ortschaftsrat:" heads the proposal; it is no
            // type line.
            let addressed = rest.trim_start();
            if (addressed.starts_with("an den ") || addressed.starts_with("an die "))
                && addressed.trim_end().ends_with(':')
            {
                rejected(i, t, "a heading addressed to a body");
                continue;
            }
            // A compound outside the list is a type only where the line
            // says nothing else, or names who or which number it is.
            if self.listed(&collapse(m.as_str())).is_none()
                && (!type_line_rest(rest) || self.is_heading_word(m.as_str()))
            {
                rejected(i, t, "a compound that opens a subject or a heading");
                continue;
            }
            let rest_raw = rest;
            let mut name = self.listed_name(m.as_str());
            // "Beschlussvorlage – Offenlage": the second type is the more
            // specific one.
            let dashed = rest
                .trim_start()
                .strip_prefix(['–', '-', '—'])
                .map(str::trim);
            if let Some(second) = dashed.and_then(|d| self.type_at_start(d)) {
                if second.1 == dashed.map_or(0, str::len) {
                    name = second.0;
                }
            }
            let rest = rest
                .trim_start()
                .strip_prefix(':')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            let start = doc.trimmed_span(i).start;
            // The span of the type word itself (same bytes unless letter-spaced).
            let span = if unspaced.len() == t.len() {
                start + m.start()..start + m.end()
            } else {
                doc.trimmed_span(i)
            };
            let found = Found {
                value: PaperType {
                    name,
                    line: i,
                    rest,
                },
                evidence: Evidence {
                    span,
                    rule: "paper_type.line_start".into(),
                },
            };
            // A generic type ("Vorlage 2024/0123") yields to a specific one
            // further down; "Vorlage Nr.:" is a label, not a type.
            if self.is_generic(&found.value.name) {
                let label = rest_raw.trim_start();
                if label.starts_with("Nr") || label.starts_with("Nummer") {
                    continue;
                }
                rejected(i, t, "a generic type; a specific one below wins");
                generic.get_or_insert(found);
                continue;
            }
            return Some(found);
        }
        generic
    }

    /// Whether a type is generic ("Vorlage").
    fn is_generic(&self, name: &str) -> bool {
        self.generic
            .iter()
            .any(|g| super::scan::eq_ignore_case(name, g))
    }

    /// The type as the value of a type label: "Vorlage-Art: Beschlussvorlage".
    fn behind_label(&self, doc: &Doc<'_>, i: usize) -> Option<Found<PaperType>> {
        let line = doc.lines[i];
        let m = self.labels.find(line.text)?;
        let (name, len) = self.type_at_start(m.value)?;
        let start = line.start + m.value_at;
        Some(self.found(name, i, None, start..start + len, "paper_type.label"))
    }

    /// The type alone in the last of two columns of a letterhead line:
    /// "Stadt Beispielstadt ⇥ Mitteilungsvorlage". Lines with digits are
    /// table rows (a role "Mitteilung" beside a date), not letterheads.
    fn last_column(&self, doc: &Doc<'_>, i: usize, seen: usize) -> Option<Found<PaperType>> {
        let line = doc.lines[i];
        if seen > COLUMN_LINES || line.text.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let parts = cells(line.text);
        let [_, (at, cell)] = parts.as_slice() else {
            return None;
        };
        let (name, len) = self.type_at_start(cell)?;
        if len != cell.len() {
            return None;
        }
        let start = line.start + at;
        Some(self.found(name, i, None, start..start + len, "paper_type.column"))
    }

    /// The type that `s` starts with as a whole word, in the list's
    /// spelling, and its length in `s`.
    fn type_at_start(&self, s: &str) -> Option<(String, usize)> {
        let m = self.re.captures(s).and_then(|c| c.get(1))?;
        if s[m.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '-')
        {
            return None;
        }
        let name = self.listed_name(m.as_str());
        Some((name, m.end()))
    }

    fn found(
        &self,
        name: String,
        line: usize,
        rest: Option<String>,
        span: std::ops::Range<usize>,
        rule: &str,
    ) -> Found<PaperType> {
        Found {
            value: PaperType { name, line, rest },
            evidence: Evidence {
                span,
                rule: rule.into(),
            },
        }
    }
}

/// Whether what follows a type word on its line keeps the line a type
/// line: nothing, a colon, a number, or who submits it ("der CDU", "vom").
fn type_line_rest(rest: &str) -> bool {
    let r = rest.trim();
    r.is_empty()
        || r.starts_with([':', '–', '-'])
        || r.starts_with(|c: char| c.is_ascii_digit())
        || ["der ", "des ", "vom ", "von ", "Nr", "zur ", "zum "]
            .iter()
            .any(|p| r.starts_with(p))
}

/// A printed word in its usual case: "ZUSATZANTRAG" → "Zusatzantrag".
fn word_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

fn collapse(s: &str) -> String {
    super::scan::collapse_spaces(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn find(text: &str) -> Option<PaperType> {
        let rules = PaperTypeRules::new(&Rules::builtin()).unwrap();
        let text = Text::from_str_pages(text);
        rules.find(&Doc::new(&text)).map(|f| f.value)
    }

    #[test]
    fn type_at_line_start_in_list_spelling() {
        let t = find("\n\nBeschlussvorlage\tVorlagen-Nr.: VO/7605/2020\n").unwrap();
        assert_eq!((t.name.as_str(), t.line), ("Beschlussvorlage", 2));
        assert_eq!(find("ANTRAG der\nCDU-Fraktion").unwrap().name, "Antrag");
        assert_eq!(
            find("LANDTAG\n\nA N T W O R T\nzu der").unwrap().name,
            "Antwort"
        );
        assert_eq!(
            find("Kleine Anfrage\nder Abgeordneten").unwrap().name,
            "Kleine Anfrage"
        );
    }

    #[test]
    fn type_behind_a_portal_label_or_in_a_letterhead_column() {
        let t =
            find("Vorlage - VO/0815/2024\n\nBetreff: Sanierung\nVorlage-Art: Beschlussvorlage\n")
                .unwrap();
        assert_eq!((t.name.as_str(), t.line), ("Beschlussvorlage", 3));
        assert_eq!(find("Vorlagenart: Antrag\n").unwrap().name, "Antrag");
        assert_eq!(
            find("Art:\tKleine Anfrage\n").unwrap().name,
            "Kleine Anfrage"
        );
        assert!(find("Art: Antragsteller X\n").is_none());
        assert_eq!(
            find("Stadt Beispielstadt\tMitteilungsvorlage\nAmt 66\n")
                .unwrap()
                .name,
            "Mitteilungsvorlage"
        );
        // A Beratungsfolge row whose role reads like a type is no letterhead.
        assert!(find("Gremium\tDatum\tRolle\nRat\t25.03.2025\tMitteilung\n").is_none());
        assert!(find("Bauausschuss\tStellungnahme des Beirats\n").is_none());
    }

    #[test]
    fn qualified_compound_and_combined_types() {
        assert_eq!(
            find("Interfraktioneller ÄNDERUNGSANTRAG\n").unwrap().name,
            "Änderungsantrag"
        );
        assert_eq!(
            find("Gemeinsamer Antrag\nder Fraktionen").unwrap().name,
            "Antrag"
        );
        assert_eq!(find("ZUSATZANTRAG\n").unwrap().name, "Zusatzantrag");
        assert_eq!(
            find("Eilantrag der SPD-Fraktion\n").unwrap().name,
            "Eilantrag"
        );
        // A compound that opens a subject is no type line.
        assert!(find("Bauantrag für das Grundstück Am Bach 3\n").is_none());
        assert_eq!(
            find("Beschlussvorlage – Offenlage\n").unwrap().name,
            "Offenlage"
        );
        // "Antrag an den Gemeinderat:" heads the proposal.
        assert!(find("Antrag an den Ortschaftsrat:\nDer Ortschaftsrat nimmt Kenntnis.").is_none());
    }

    #[test]
    fn rest_after_colon_and_whole_words_only() {
        let t = find("Antragsteller: X\nAntrag: Neubau Büchenbacher Anlage").unwrap();
        assert_eq!(t.name, "Antrag");
        assert_eq!(t.rest.as_deref(), Some("Neubau Büchenbacher Anlage"));
        assert!(find("Die Verwaltung berichtet.").is_none());
    }
}
