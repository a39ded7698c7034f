//! Attachments (Anlagen): the titles listed under an attachment heading
//! ("Anlagen:", "Anlagenverzeichnis", "Anlage: Lageplan") or a lead-in
//! ("Als Anlagen angefügt sind:"), one per line, without bullets, numbers
//! or "Anlage 1:" prefixes. The list ends at a
//! blank line, a section heading or a line too long to be a title.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{alternation, compile, Doc, FirstChars};
use super::sections::SectionRules;
use super::{Evidence, Found, Rules, RulesError};

/// Most attachments taken from one list.
const MAX_ITEMS: usize = 40;
/// Longest attachment title, in bytes.
const MAX_ITEM_LEN: usize = 200;

/// Compiled attachment rules.
#[derive(Clone, Debug)]
pub struct AttachmentRules {
    heading: Regex,
    /// What a heading can start with, tested before `heading` runs.
    heading_first: Option<FirstChars>,
    prefix: Regex,
}

impl AttachmentRules {
    /// Compiles the `attachment_headings` list.
    pub fn new(rules: &Rules) -> Result<AttachmentRules, RulesError> {
        Ok(AttachmentRules {
            heading: compile(
                "attachment_headings",
                &format!(
                    r"(?i)^[ \t]*(?:{})[ \t]*(?::[ \t]*(.*))?$",
                    alternation(rules.list("attachment_headings"))
                ),
            )?,
            heading_first: FirstChars::new(rules.list("attachment_headings")),
            prefix: compile(
                "attachments",
                r"(?i)^[ \t]*(?:anlage[ \t]*[0-9]{0,2}[a-z]?[ \t]*[:.–-]?[ \t]*|[0-9]{1,2}[.)][ \t]*|[-•*–][ \t]*)",
            )?,
        })
    }

    /// The listed attachments.
    pub fn find(&self, doc: &Doc<'_>, sections: &SectionRules) -> Vec<Found<String>> {
        for (i, line) in doc.lines.iter().enumerate() {
            let caps = if self.heading_first.is_none_or(|f| f.may_start(line.text)) {
                self.heading.captures(line.text)
            } else {
                None
            };
            if caps.is_none() && !sections.is_attachment_lead_in(line.text) {
                continue;
            }
            let mut items = Vec::new();
            let inline = caps
                .as_ref()
                .and_then(|c| c.get(1))
                .filter(|m| !m.as_str().trim().is_empty());
            if let Some(inline) = inline {
                if let Some(item) = self.item(doc, i, line.start + inline.start(), inline.as_str())
                {
                    items.push(item);
                }
            }
            let mut blanks = 0;
            for j in i + 1..doc.lines.len() {
                let text = doc.lines[j].text;
                if text.trim().is_empty() {
                    blanks += 1;
                    if !items.is_empty() || blanks > 2 {
                        break;
                    }
                    continue;
                }
                if sections.is_section(text)
                    || sections.is_signature_at(doc, j)
                    || items.len() >= MAX_ITEMS
                {
                    break;
                }
                match self.item(doc, j, doc.lines[j].start, text) {
                    Some(item) => items.push(item),
                    None => break,
                }
            }
            if !items.is_empty() {
                return items;
            }
        }
        Vec::new()
    }

    fn item(
        &self,
        _doc: &Doc<'_>,
        _line: usize,
        start: usize,
        text: &str,
    ) -> Option<Found<String>> {
        // A bullet, then "Anlage 1:" ("• Anlage 1: Lageplan").
        let mut prefix_len = 0;
        for _ in 0..2 {
            match self.prefix.find(&text[prefix_len..]) {
                Some(m) if m.end() > 0 => prefix_len += m.end(),
                _ => break,
            }
        }
        let rest = &text[prefix_len..];
        let value = super::scan::collapse_spaces(rest.trim())
            .trim_end_matches(':')
            .trim()
            .to_string();
        if value.is_empty() || value.len() > MAX_ITEM_LEN || !value.chars().any(char::is_alphabetic)
        {
            return None;
        }
        let lead = rest.len() - rest.trim_start().len();
        let at = start + prefix_len + lead;
        Some(Found {
            evidence: Evidence {
                span: at..at + rest.trim().len(),
                rule: "attachments.list".into(),
            },
            value,
        })
    }
}

#[cfg(test)]
mod tests {

    fn attachments(text: &str) -> Vec<String> {
        crate::extract::extract_for_test(text).attachments
    }

    #[test]
    fn list_under_heading() {
        assert_eq!(
            attachments("Anlagen:\n\nSkizze:\n\nLanger Text\n"),
            ["Skizze"]
        );
        assert_eq!(
            attachments(
                "Anlagen\nAnlage 1: Lageplan\nAnlage 2 – Satzung\n- Kostenschätzung\n\nText"
            ),
            ["Lageplan", "Satzung", "Kostenschätzung"]
        );
        assert_eq!(
            attachments("Anlage: Entwurf des Vertrags\n\nText"),
            ["Entwurf des Vertrags"]
        );
    }

    #[test]
    fn list_after_a_lead_in_sentence() {
        assert_eq!(
            attachments("Text.\nAls Anlagen angefügt sind:\n• Anlage 1: Antrag vom 27. August 2018\n• Anlage 2: Leitfaden\nMit freundlichen Grüßen\n"),
            ["Antrag vom 27. August 2018", "Leitfaden"]
        );
        assert!(
            attachments("Die Anlage wird erneuert, sagt der Plan:\nDer Rat beschließt.\n")
                .is_empty()
        );
    }

    #[test]
    fn empty_list_before_next_heading() {
        assert!(attachments("Anlagenverzeichnis\n\nBegründung\n\nText").is_empty());
    }
}
