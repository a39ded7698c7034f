//! Words with a leading star (`*sanierung`, `*verkehr*`): the words of
//! the index that end with (or hold) the letters, found by one pass over
//! the term dictionaries, and searched as a set of words.
//!
//! A term dictionary is sorted by the word's start, so no index structure
//! finds the words with a given end; the pass reads every word of the
//! field once (on 100,000 papers it costs a few milliseconds per field,
//! see docs/benchmarks.md). What it finds is bounded: a star before fewer
//! than [`MIN_LETTERS`] letters, or letters that more than [`MAX_WORDS`]
//! words hold (`*e`, `*ung`), is a query error that says so, instead of a
//! search over most of the index.

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::Searcher;

use super::super::{IndexError, Result};

/// Fewest letters after a leading star.
pub const MIN_LETTERS: usize = 3;

/// Most distinct words a leading-star pattern may stand for.
pub const MAX_WORDS: usize = 2_000;

/// The words of `field` that end with `letters` (with `anywhere`: that
/// hold them), over all segments; an error past [`MAX_WORDS`].
pub fn words_matching(
    searcher: &Searcher,
    field: Field,
    letters: &str,
    anywhere: bool,
) -> Result<BTreeSet<String>> {
    let shown = if anywhere {
        format!("*{letters}*")
    } else {
        format!("*{letters}")
    };
    if letters.chars().count() < MIN_LETTERS {
        return Err(IndexError::Query(format!(
            "{shown}: a leading star needs at least {MIN_LETTERS} letters after it"
        )));
    }
    let needle = letters.as_bytes();
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream().map_err(|source| IndexError::Io {
            context: format!("cannot read the words of the index for {shown}"),
            source,
        })?;
        while terms.advance() {
            let term = terms.key();
            let hit = if anywhere {
                term.windows(needle.len()).any(|w| w == needle)
            } else {
                term.ends_with(needle)
            };
            if !hit {
                continue;
            }
            if let Ok(word) = std::str::from_utf8(term) {
                if !found.contains(word) {
                    found.insert(word.to_string());
                }
            }
            if found.len() > MAX_WORDS {
                return Err(IndexError::Query(format!(
                    "{shown}: more than {MAX_WORDS} different words match; give more letters"
                )));
            }
        }
    }
    Ok(found)
}
