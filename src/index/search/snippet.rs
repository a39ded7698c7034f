//! Snippets: a short passage of a hit's text with the matched words
//! marked.
//!
//! tantivy's [`SnippetGenerator`] picks the passage with the most query
//! terms, re-analysing the text with the field's analyzer, so a stemmed
//! query term marks every word form with that stem. The text is not a
//! stored field (the record holds it), so the generator works on the
//! record's text.

use std::ops::Range;

use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::Searcher;

use super::super::{RatsIndex, Result};
use crate::record::Record;

/// Longest passage, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// Only the first this many bytes of a text are searched for a passage,
/// which bounds the time per hit on very long papers.
const MAX_SCANNED_BYTES: usize = 200_000;

/// A passage and the byte ranges of the matched words in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snippet {
    /// The passage, whitespace collapsed.
    pub fragment: String,
    /// Byte ranges of matched words in `fragment`, in order.
    pub highlighted: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with each matched word between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 8 * self.highlighted.len());
        let mut from = 0;
        for range in &self.highlighted {
            let (Some(before), Some(word)) = (
                self.fragment.get(from..range.start),
                self.fragment.get(range.clone()),
            ) else {
                continue;
            };
            out.push_str(before);
            out.push_str(open);
            out.push_str(word);
            out.push_str(close);
            from = range.end;
        }
        out.push_str(self.fragment.get(from..).unwrap_or(""));
        out
    }
}

/// Makes snippets for the hits of one query.
pub struct Snippets {
    stemmed: SnippetGenerator,
    exact: SnippetGenerator,
}

impl Snippets {
    /// Prepares the generators for `query`.
    pub fn new(searcher: &Searcher, index: &RatsIndex, query: &dyn Query) -> Result<Snippets> {
        let f = index.fields();
        let mut stemmed = SnippetGenerator::create(searcher, query, f.text)?;
        stemmed.set_max_num_chars(SNIPPET_CHARS);
        let mut exact = SnippetGenerator::create(searcher, query, f.text_exact)?;
        exact.set_max_num_chars(SNIPPET_CHARS);
        Ok(Snippets { stemmed, exact })
    }

    /// The snippet for one record: the best passage of its text; where no
    /// query word is in the text, the start of the decision proposal or
    /// text.
    pub fn for_record(&self, record: &Record) -> Snippet {
        let text = prefix_bytes(&record.text, MAX_SCANNED_BYTES);
        for generator in [&self.stemmed, &self.exact] {
            let snippet = generator.snippet(text);
            if !snippet.highlighted().is_empty() {
                return collapse_whitespace(snippet.fragment(), snippet.highlighted());
            }
        }
        let start = record
            .decision_proposal
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(text);
        let head: String = start.chars().take(SNIPPET_CHARS).collect();
        collapse_whitespace(&head, &[])
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn prefix_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Collapses runs of whitespace (line breaks, form feeds) to one space,
/// moving the highlight ranges along.
fn collapse_whitespace(fragment: &str, highlighted: &[Range<usize>]) -> Snippet {
    let mut out = String::with_capacity(fragment.len());
    // For every input byte offset, the output offset.
    let mut map = Vec::with_capacity(fragment.len() + 1);
    let mut last_space = true;
    for (i, c) in fragment.char_indices() {
        while map.len() <= i {
            map.push(out.len());
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    while map.len() <= fragment.len() {
        map.push(out.len());
    }
    let moved = highlighted
        .iter()
        .filter_map(|r| Some(*map.get(r.start)?..*map.get(r.end)?))
        .filter(|r| r.start < r.end)
        .collect();
    let trimmed_end = out.trim_end().len();
    out.truncate(trimmed_end);
    Snippet {
        fragment: out,
        highlighted: moved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_highlighted_words() {
        let snippet = Snippet {
            fragment: "Der Radweg am Fluss".into(),
            highlighted: std::iter::once(4..10).collect(),
        };
        assert_eq!(snippet.marked("«", "»"), "Der «Radweg» am Fluss");
    }

    #[test]
    fn whitespace_collapses_and_ranges_follow() {
        let snippet = collapse_whitespace("Der\n\n  Radweg\x0Cam", std::slice::from_ref(&(7..13)));
        assert_eq!(snippet.fragment, "Der Radweg am");
        assert_eq!(snippet.marked("[", "]"), "Der [Radweg] am");
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(prefix_bytes("Straße", 5), "Stra");
        assert_eq!(prefix_bytes("ab", 5), "ab");
    }
}
