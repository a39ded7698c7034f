//! A paper's full text for reading: cut into pages (at the form feeds
//! that separate them) and, when a field is picked, with that field's
//! evidence (its provenance span, in characters) marked.

use ratsindex::record::Provenance;

/// A piece of the text as the paper page prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextPart {
    /// The text of the piece (empty for a page break).
    pub text: String,
    /// Whether this is the picked field's evidence.
    pub mark: bool,
    /// A page break before page `n`.
    pub page: Option<u32>,
}

/// The text in pieces, with the evidence of `picked` marked.
pub fn text_parts(text: &str, picked: Option<&Provenance>) -> Vec<TextPart> {
    let chars = text.chars().count();
    let span = picked
        .map(|p| (p.span[0].min(chars), p.span[1].min(chars)))
        .filter(|(start, end)| start < end);
    // Byte offsets of the span's ends.
    let byte_at = |char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map(|(i, _)| i)
            .unwrap_or(text.len())
    };
    let pieces: Vec<(&str, bool)> = match span {
        Some((start, end)) => {
            let (s, e) = (byte_at(start), byte_at(end));
            vec![
                (&text[..s], false),
                (&text[s..e], true),
                (&text[e..], false),
            ]
        }
        None => vec![(text, false)],
    };
    let mut parts = Vec::new();
    let mut page = 1;
    for (piece, mark) in pieces {
        for (i, chunk) in piece.split('\x0c').enumerate() {
            if i > 0 {
                page += 1;
                parts.push(TextPart {
                    text: String::new(),
                    mark: false,
                    page: Some(page),
                });
            }
            if !chunk.is_empty() {
                parts.push(TextPart {
                    text: chunk.to_string(),
                    mark,
                    page: None,
                });
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance(start: usize, end: usize) -> Provenance {
        Provenance {
            page: None,
            span: [start, end],
            rule: "test".into(),
        }
    }

    #[test]
    fn marks_the_span_in_characters() {
        let parts = text_parts("Über Radwege\x0cSeite zwei", Some(&provenance(5, 12)));
        let marked: Vec<&str> = parts
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["Radwege"]);
        assert_eq!(parts.iter().filter(|p| p.page == Some(2)).count(), 1);
        assert_eq!(parts.last().unwrap().text, "Seite zwei");
    }

    #[test]
    fn spans_beyond_the_text_are_clamped() {
        let parts = text_parts("kurz", Some(&provenance(2, 999)));
        assert_eq!(parts[1].text, "rz");
        assert!(parts[1].mark);
        assert!(text_parts("kurz", Some(&provenance(9, 12)))
            .iter()
            .all(|p| !p.mark));
    }
}
