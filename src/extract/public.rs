//! Whether the paper is public: "öffentlich" / "nichtöffentlich" / "nicht
//! öffentlich" standing alone in the header, as the value of a status label
//! ("Status: öffentlich"), or as "Beratung in öffentlicher Sitzung". Per
//! meeting status is part of the Beratungsfolge, not of this field.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{compile, Doc};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Compiled public-status rules.
#[derive(Clone, Debug)]
pub struct PublicRules {
    line: Regex,
}

impl PublicRules {
    /// Compiles the rules.
    pub fn new(_rules: &Rules) -> Result<PublicRules, RulesError> {
        Ok(PublicRules {
            line: compile(
                "public",
                r"(?i)^[ \t]*(?:(?:status|öffentlichkeitsstatus|sitzungsart|öffentlichkeit)[ \t]*:[ \t]*|(?:beratung|behandlung|vorlage)[ \t]+(?:in|für[ \t]+die)[ \t]+)?(nicht[ -]?)?(?:öffentlich|öffentliche|öffentlicher)(?:[ \t]+(?:sitzung|teil|beratung))?[ \t]*$",
            )?,
        })
    }

    /// Whether a line prints both choices of a form as cells of their own
    /// ("Öffentlich    Nichtöffentlich"): the text lost the tick, so the
    /// line says nothing.
    fn both_choices(&self, line: &str) -> bool {
        // Cheap test first: the word twice.
        if line.matches("ffentlich").count() + line.matches("FFENTLICH").count() < 2 {
            return false;
        }
        let (mut public, mut nonpublic) = (false, false);
        for (_, cell) in super::scan::cells(line) {
            if let Some(caps) = self.line.captures(cell) {
                if caps.get(1).is_some() {
                    nonpublic = true;
                } else {
                    public = true;
                }
            }
        }
        public && nonpublic
    }

    /// The paper's public status.
    pub fn find(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<bool>> {
        let end = layout.header_end.max(12).min(doc.lines.len());
        for i in 0..end {
            if layout.table.as_ref().is_some_and(|t| t.contains(&i)) {
                continue;
            }
            // Every status the pattern reads holds the word.
            if !super::scan::contains_ignore_ascii_case(doc.lines[i].text, b"ffentlich") {
                continue;
            }
            if self.both_choices(doc.lines[i].text) {
                continue;
            }
            for (at, cell) in doc.column_starts(i) {
                let lead = cell.len() - cell.trim_start().len();
                let cell = cell.trim_start();
                let cell = cell.split('\t').next().unwrap_or(cell);
                let Some(caps) = self.line.captures(cell) else {
                    continue;
                };
                let start = doc.lines[i].start + at + lead;
                return Some(Found {
                    value: caps.get(1).is_none(),
                    evidence: Evidence {
                        span: start..start + cell.trim_end().len(),
                        rule: "public.header_line".into(),
                    },
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {

    fn public(text: &str) -> Option<bool> {
        crate::extract::extract_for_test(text).public
    }

    #[test]
    fn every_spelling() {
        assert_eq!(public("Drucksache\n\nöffentlich\n"), Some(true));
        assert_eq!(public("Drucksache\n\nnichtöffentlich\n"), Some(false));
        assert_eq!(public("Drucksache\n\nNicht öffentlich\n"), Some(false));
        assert_eq!(
            public("Beschlussvorlage\tVorlagen-Nr.: VO/1\n\tStatus: öffentlich\n"),
            Some(true)
        );
        assert_eq!(
            public("DS 53/2025\nBeschlussvorlage\nBeratung in öffentlicher Sitzung\n"),
            Some(true)
        );
        assert_eq!(
            public("Beratung in nichtöffentlicher Sitzung\n"),
            Some(false)
        );
        assert_eq!(public("Vorlage\n\nÖffentlicher Teil\n"), Some(true));
        assert_eq!(
            public("Vorlage\n\nNichtöffentliche Beratung\n"),
            Some(false)
        );
    }

    #[test]
    fn both_choices_of_a_form_decide_nothing() {
        assert_eq!(
            public("Vorlage Nr. 421\nÖffentlich    Nichtöffentlich\nverantwortlich: Dez. 5\n"),
            None
        );
    }

    #[test]
    fn prose_and_table_rows_do_not_count() {
        assert_eq!(
            public("Die Sitzung ist öffentlich und alle kommen.\n"),
            None
        );
        assert_eq!(
            public(
                "Gremium\tZuständigkeit\tSitzung ist\nMagistrat\tEntscheidung\tNichtöffentlich\n"
            ),
            None
        );
    }
}
