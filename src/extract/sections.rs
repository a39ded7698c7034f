//! Section structure of a paper: which lines are section headings
//! (Begründung, Sachverhalt, Anlagen, …), which line opens the decision
//! proposal (Beschlussvorschlag, "… möge beschließen:"), and where the
//! paper's header ends. Title, date, type and public status are looked for
//! in the header; the decision proposal and attachments after it.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{alternation, compile, Doc};
use super::{Rules, RulesError};

/// Words that say something is attached, in an attachment lead-in.
const ATTACHED_WORDS: &[&str] = &[
    "beigefügt",
    "angefügt",
    "beiliegend",
    "anbei",
    "angehängt",
    "als anlage",
    "folgende anlage",
];

/// Non-blank lines at the top where a bare "Antrag:" is the paper type,
/// not a decision heading.
const HEADER_TYPE_LINES: usize = 12;

/// How many lines the header may span at most.
pub const MAX_HEADER_LINES: usize = 80;

/// Compiled heading rules.
#[derive(Clone, Debug)]
pub struct SectionRules {
    section: Regex,
    decision: Regex,
    decision_wide: Regex,
    phrases: Vec<String>,
    /// The bytes a phrase ends with, in either ASCII case (`None` when a
    /// phrase is empty).
    phrase_ends: Option<[bool; 256]>,
    signature: Vec<String>,
}

/// A decision heading or lead-in found on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecisionStart<'a> {
    /// The line index.
    pub line: usize,
    /// Text after the heading on the same line (empty if none).
    pub inline: &'a str,
    /// Byte offset of `inline` in the line.
    pub inline_at: usize,
    /// Which rule matched: `heading` or `phrase`.
    pub rule: &'static str,
}

impl SectionRules {
    /// Compiles the heading lists.
    pub fn new(rules: &Rules) -> Result<SectionRules, RulesError> {
        // An optional "A." / "1." / "II." numbering, the heading, an
        // optional colon, then the end of the line or a column gap.
        let section = format!(
            r"(?i)^[ \t]*(?:[A-Z0-9]{{1,4}}[.)][ \t]*)?(?:{})[ \t]*:?[ \t]*(?:$|\t|  )",
            alternation(rules.list("section_headings"))
        );
        // A heading may name whose proposal it is before its colon:
        // "Beschlussvorschlag des Oberbürgermeisters:".
        let decision = format!(
            r"(?i)^[ \t]*(?:[A-Z0-9]{{1,4}}[.)][ \t]*)?(?:{})(?:[ \t]*:[ \t]*|[ \t]*$|\t[ \t]*|  [ \t]*|[ \t]+(?:der|des|für|an)[ \t][^:\t]{{1,60}}:[ \t]*$)",
            alternation(rules.list("decision_headings"))
        );
        // The proposal's own reading also takes headings that name the
        // body they are addressed to without a colon ("Antrag an den
        // Gemeinderat / Ausschuss") or carry a note in parentheses
        // ("Beschlussantrag (Kurzfassung)"). Header, title and section
        // reading keep the narrower form.
        let decision_wide = format!(
            r"(?i)^[ \t]*(?:[A-Z0-9]{{1,4}}[.)][ \t]*)?(?:{})(?:[ \t]*\([^()\t]{{1,40}}\)(?:[ \t]*:)?[ \t]*$|[ \t]+an[ \t]+(?:den|die|das|dem)[ \t][^:\t]{{1,60}}$)",
            alternation(rules.list("decision_headings"))
        );
        Ok(SectionRules {
            section: compile("section_headings", &section)?,
            decision: compile("decision_headings", &decision)?,
            decision_wide: compile("decision_headings", &decision_wide)?,
            phrases: rules
                .list("decision_phrases")
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
            phrase_ends: rules
                .list("decision_phrases")
                .iter()
                .map(|p| p.to_lowercase().as_bytes().last().copied())
                .try_fold([false; 256], |mut ends, last| {
                    let last = last?;
                    ends[last.to_ascii_lowercase() as usize] = true;
                    ends[last.to_ascii_uppercase() as usize] = true;
                    Some(ends)
                }),
            signature: rules
                .list("signature_markers")
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
        })
    }

    /// Whether `line` is a section heading.
    pub fn is_section(&self, line: &str) -> bool {
        line.len() < 160 && self.section.is_match(line)
    }

    /// The decision heading at the start of `line`, with the text after it.
    pub fn decision_heading<'a>(&self, line: &'a str) -> Option<(&'a str, usize)> {
        if line.len() > 400 {
            return None;
        }
        let m = self.decision.find(line)?;
        let rest = &line[m.end()..];
        // "Antrag der Fraktion …" is not a heading; "Beschluss: text" is.
        let heading_only = line[..m.end()].trim_end();
        if !rest.trim().is_empty() && !heading_only.ends_with(':') {
            return None;
        }
        // "Antrag: CDU" is a label; a proposal on the heading's line is a
        // sentence.
        if !rest.trim().is_empty() && rest.split_whitespace().count() < 4 {
            return None;
        }
        Some((
            rest.trim(),
            m.end() + (rest.len() - rest.trim_start().len()),
        ))
    }

    /// Whether `line` is a decision heading in the wide sense of
    /// [`SectionRules::decision_starts`] ("Antrag an den Gemeinderat /
    /// Ausschuss", "Beschlussantrag (Kurzfassung)" too).
    pub fn is_decision_heading(&self, line: &str) -> bool {
        self.decision_heading(line).is_some() || self.is_wide_heading(line)
    }

    /// Whether `line` is a lead-in such as "Der Stadtrat möge beschließen:".
    pub fn is_phrase(&self, line: &str) -> bool {
        let t = line.trim();
        if t.len() > 200 || t.is_empty() {
            return false;
        }
        // Cheap test first: a lead-in ends with a colon or with a phrase.
        if !t.ends_with(':') && !self.ends_like_phrase(t) {
            return false;
        }
        let lower = t.to_lowercase();
        let bare = lower.trim_end_matches([':', ' ', '.']);
        self.phrases
            .iter()
            .any(|p| ends_with_word(bare, p) || (lower.ends_with(':') && contains_word(&lower, p)))
    }

    /// Whether `line` leads in to a list of attachments: "Als Anlagen
    /// angefügt sind:", "Folgende Anlage ist beigefügt:".
    pub fn is_attachment_lead_in(&self, line: &str) -> bool {
        let t = line.trim();
        if !t.ends_with(':') || t.len() > 80 || !t.contains("nlage") {
            return false;
        }
        let lower = t.to_lowercase();
        (contains_word(&lower, "anlagen") || contains_word(&lower, "anlage"))
            && ATTACHED_WORDS.iter().any(|w| lower.contains(w))
    }

    /// A formal lead-in whose sentence goes on after a comma: "Der Landtag
    /// wolle beschließen," (the proposal is the rest of the sentence).
    pub fn is_sentence_phrase(&self, line: &str) -> bool {
        let t = line.trim();
        let Some(bare) = t.strip_suffix(',') else {
            return false;
        };
        if bare.len() > 200 {
            return false;
        }
        let lower = bare.trim_end().to_lowercase();
        self.phrases
            .iter()
            .filter(|p| p.ends_with("beschließen"))
            .any(|p| lower.ends_with(p.as_str()))
    }

    /// Whether `line` is a signature or sign-off line.
    pub fn is_signature(&self, line: &str) -> bool {
        self.is_signature_lower(&line.trim().to_lowercase())
    }

    /// [`SectionRules::is_signature`] for line `i` of `doc`.
    pub fn is_signature_at(&self, doc: &Doc<'_>, i: usize) -> bool {
        self.is_signature_lower(doc.lower(i))
    }

    /// Whether a line, trimmed and lower-cased, is a signature line.
    fn is_signature_lower(&self, lower: &str) -> bool {
        if lower.is_empty() || lower.len() > 200 {
            return false;
        }
        self.signature.iter().any(|m| {
            lower.starts_with(m.as_str())
                || (m.ends_with('.') && contains_word(lower, m))
                || (lower.len() < 60 && contains_word(lower, m))
        })
    }

    /// Whether `t` ends with one of the phrases, ignoring ASCII case and
    /// trailing dots and spaces; its last byte is tested first.
    fn ends_like_phrase(&self, t: &str) -> bool {
        let s = t.trim_end_matches(['.', ' ']);
        if let (Some(&last), Some(ends)) = (s.as_bytes().last(), &self.phrase_ends) {
            if !ends[last as usize] {
                return false;
            }
        }
        // `s` is trimmed once here, not once per phrase.
        let b = s.as_bytes();
        self.phrases.iter().any(|p| {
            b.len() >= p.len() && b[b.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
        })
    }

    /// The first decision heading or lead-in at or after line `from`,
    /// skipping `skip` (the paper-type line, which may read "Antrag").
    pub fn find_decision<'a>(
        &self,
        doc: &Doc<'a>,
        from: usize,
        skip: Option<usize>,
    ) -> Option<DecisionStart<'a>> {
        (from..doc.lines.len())
            .filter(|&i| Some(i) != skip)
            .find_map(|i| self.start_at(doc.lines[i].text, i, false))
    }

    /// Every decision heading or lead-in of the paper, in order: what [`SectionRules::find_decision`] finds, plus headings
    /// naming their addressee without a colon ("Antrag an den Gemeinderat
    /// / Ausschuss"), headings with a note in parentheses
    /// ("Beschlussantrag (Kurzfassung)"), and the paper-type line where it
    /// is such a heading ("Antrag an den Ortschaftsrat:", or "Antrag:"
    /// deep in the text).
    ///
    /// `narrow_first` is where [`SectionRules::find_decision`] found the
    /// first start (`None`: nowhere): before it only the wide forms and
    /// the type line can start a proposal, so only they are tested there.
    pub fn decision_starts<'a, 'd>(
        &'d self,
        doc: &'d Doc<'a>,
        skip: Option<usize>,
        narrow_first: Option<usize>,
    ) -> impl Iterator<Item = DecisionStart<'a>> + 'd {
        // Lazy: the caller usually stops at the first.
        let mut nonblank = 0;
        let narrow_from = narrow_first.unwrap_or(usize::MAX);
        doc.lines.iter().enumerate().filter_map(move |(i, line)| {
            let text = line.text;
            if !text.trim().is_empty() {
                nonblank += 1;
            }
            if Some(i) == skip {
                if !self.type_line_is_heading(text, nonblank) {
                    return None;
                }
            } else if i < narrow_from {
                // The narrow rules found nothing here: only a wide form.
                return self.is_wide_heading(text).then_some(DecisionStart {
                    line: i,
                    inline: "",
                    inline_at: text.len(),
                    rule: "heading",
                });
            }
            self.start_at(text, i, true)
        })
    }

    /// Whether `line` is a wide-form decision heading (addressee without
    /// colon, note in parentheses); a cheap test first.
    fn is_wide_heading(&self, line: &str) -> bool {
        line.len() < 160
            && (line.contains('(') || super::scan::has(line, " an "))
            && self.decision_wide.is_match(line)
    }

    /// The decision heading or lead-in on line `i`, if it is one.
    fn start_at<'a>(&self, text: &'a str, i: usize, wide: bool) -> Option<DecisionStart<'a>> {
        let heading = self
            .decision_heading(text)
            .or_else(|| (wide && self.is_wide_heading(text)).then_some(("", text.len())));
        if let Some((inline, inline_at)) = heading {
            return Some(DecisionStart {
                line: i,
                inline,
                inline_at,
                rule: "heading",
            });
        }
        if self.is_phrase(text) {
            return Some(DecisionStart {
                line: i,
                inline: "",
                inline_at: text.len(),
                rule: "phrase",
            });
        }
        if text.trim_end().ends_with(',') && self.is_sentence_phrase(text) {
            return Some(DecisionStart {
                line: i,
                inline: "",
                inline_at: text.len(),
                rule: "phrase_sentence",
            });
        }
        None
    }

    /// Whether the paper-type line at the `nonblank`-th non-blank line is
    /// also a decision heading.
    fn type_line_is_heading(&self, text: &str, nonblank: usize) -> bool {
        let t = text.trim();
        let words = t.trim_end_matches(':').split_whitespace().count();
        let heading = self
            .decision_heading(text)
            .is_some_and(|(inline, _)| inline.is_empty())
            || self.is_wide_heading(text);
        heading && (words > 1 && t.len() < 80 || t.ends_with(':') && nonblank > HEADER_TYPE_LINES)
    }

    /// Where the header ends: the first section heading, decision heading,
    /// lead-in or salutation ("Sehr geehrte …"), at most
    /// [`MAX_HEADER_LINES`] lines in and never past the first page (unless
    /// the first page is nearly empty).
    pub fn header_end(&self, doc: &Doc<'_>, skip: Option<usize>) -> usize {
        let limit = doc.lines.len().min(MAX_HEADER_LINES);
        let mut nonblank = 0;
        for i in 0..limit {
            let line = &doc.lines[i];
            if line.page > 1 && nonblank > 8 {
                return i;
            }
            if Some(i) == skip {
                nonblank += 1;
                continue;
            }
            let t = line.text.trim();
            if t.is_empty() {
                continue;
            }
            nonblank += 1;
            if self.is_section(line.text)
                || self.decision_heading(line.text).is_some()
                || self.is_phrase(line.text)
                || t.starts_with("Sehr geehrte")
                || is_rule_line(t)
            {
                return i;
            }
        }
        limit
    }
}

/// A horizontal rule drawn with characters ("______", "-------"), which
/// old templates print between the header and the text.
pub fn is_rule_line(t: &str) -> bool {
    t.len() >= 10 && t.bytes().all(|b| matches!(b, b'_' | b'-' | b'=' | b' '))
}

/// Whether `haystack` ends with `word` (both lowercase) not glued to a
/// letter or digit before it.
pub fn ends_with_word(haystack: &str, word: &str) -> bool {
    haystack.strip_suffix(word).is_some_and(|before| {
        before
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether `word` occurs in `haystack` (both lowercase) not glued to
/// letters on either side.
pub fn contains_word(haystack: &str, word: &str) -> bool {
    find_word(haystack, word).is_some()
}

/// Where `word` first stands in `haystack` not glued to letters or digits
/// on either side (a word ending in punctuation, "gez.", may be followed by
/// anything).
pub fn find_word(haystack: &str, word: &str) -> Option<usize> {
    // Found by the word's first byte: `str::find` (and `memmem::find`)
    // build a searcher on every call, most of the cost on lines.
    let mut from = 0;
    while let Some(pos) = super::scan::find_bytes(&haystack.as_bytes()[from..], word.as_bytes()) {
        let start = from + pos;
        let end = start + word.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let word_ends_in_punct = word.ends_with(|c: char| !c.is_alphanumeric());
        if before.is_none_or(|c| !c.is_alphanumeric())
            && (word_ends_in_punct || after.is_none_or(|c| !c.is_alphanumeric()))
        {
            return Some(start);
        }
        from = start + word.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn rules() -> SectionRules {
        SectionRules::new(&Rules::builtin()).unwrap()
    }

    #[test]
    fn section_headings_alone_or_numbered() {
        let r = rules();
        assert!(r.is_section("Begründung"));
        assert!(r.is_section("Sachverhalt/Begründung:"));
        assert!(r.is_section("A. Zielsetzung"));
        assert!(r.is_section("Finanzielle Auswirkungen                       nein          ja"));
        assert!(!r.is_section("Begründung der Dringlichkeit ist hier"));
        assert!(!r.is_section("Die Begründung lautet"));
    }

    #[test]
    fn decision_headings_and_phrases() {
        let r = rules();
        assert_eq!(r.decision_heading("Beschlussvorschlag:"), Some(("", 19)));
        assert_eq!(
            r.decision_heading("Beschluss: Der Rat stimmt zu.")
                .map(|x| x.0),
            Some("Der Rat stimmt zu.")
        );
        assert!(r
            .decision_heading("Antrag der Fraktion DIE LINKE")
            .is_none());
        assert!(r.decision_heading("Beschlussvorlage").is_none());
        assert_eq!(
            r.decision_heading("Beschlussvorschlag des Oberbürgermeisters:")
                .map(|x| x.0),
            Some("")
        );
        assert!(r
            .decision_heading("Antrag der Fraktion DIE LINKE")
            .is_none());
        // A short value after "Antrag:" is a label (the submitting party).
        assert!(r.decision_heading("Antrag: CDU").is_none());
        assert!(r.is_phrase("Der Gemeinderat möge beschließen:"));
        assert!(r.is_phrase("Die Stadtverordnetenversammlung wolle beschließen"));
        assert!(r.is_phrase("Deshalb beantragt die CDU-Grötzingen:"));
        assert!(!r.is_phrase("Der Rat hat beschlossen, dass die Verwaltung prüft."));
    }

    #[test]
    fn wide_decision_headings_only_in_decision_starts() {
        let r = rules();
        for line in [
            "Antrag an den Gemeinderat / Ausschuss",
            "I. Antrag an den Ortschaftsrat oder Ausschuss",
            "Beschlussantrag (Kurzfassung)",
        ] {
            assert!(r.decision_heading(line).is_none(), "{line}");
            assert!(r.is_decision_heading(line), "{line}");
        }
        assert!(!r.is_decision_heading("Antrag der Fraktion DIE LINKE"));
        assert!(!r.is_decision_heading("Antrag an den Gemeinderat wurde gestellt: ja"));
        let text = Text::from_str_pages(
            "ANTRAG\n\nTitel\n\nAntrag an den Rat / Ausschuss\nText.\n\nBeschluss:\nDer Rat stimmt zu.\n",
        );
        let doc = Doc::new(&text);
        let lines: Vec<usize> = r
            .decision_starts(
                &doc,
                Some(0),
                r.find_decision(&doc, 0, Some(0)).map(|d| d.line),
            )
            .map(|s| s.line)
            .collect();
        assert_eq!(lines, vec![4, 7]);
    }

    #[test]
    fn header_ends_at_first_heading() {
        let r = rules();
        let text = Text::from_str_pages("Beschlussvorlage\nTitel\n\nBeschlussvorschlag:\nText\n");
        let doc = Doc::new(&text);
        assert_eq!(r.header_end(&doc, None), 3);
    }

    #[test]
    fn header_ends_at_a_drawn_rule() {
        let r = rules();
        let text = Text::from_str_pages(
            "ANFRAGE\n\nTitel\n\n______________________\nText.\n\n1. Frage?\n",
        );
        let doc = Doc::new(&text);
        assert_eq!(r.header_end(&doc, None), 4);
    }

    #[test]
    fn signatures() {
        let r = rules();
        assert!(r.is_signature("Datum, Unterschrift"));
        assert!(r.is_signature("24.09.2024, gez. i. A."));
        assert!(r.is_signature("Mit freundlichen Grüßen"));
        assert!(!r.is_signature("Der Rat beschließt die Satzung."));
    }
}
