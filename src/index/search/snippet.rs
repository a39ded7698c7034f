//! Snippets: a short passage of a hit's text with the matched words
//! marked.
//!
//! tantivy's [`SnippetGenerator`] picks the passage with the most query
//! terms, re-analysing the text with the field's analyzer, so a stemmed
//! query term marks every word form with that stem. The text is not a
//! stored field (the record holds it), so the generator works on the
//! record's text.
//!
//! Stemming every word of a long text is what makes snippets slow (the
//! Snowball stemmer costs about a microsecond per word). The analyzer used
//! here, [`GatedStemmer`], only stems words that could have a query stem:
//! those whose umlaut-folded form starts like one. Other words cannot
//! match a stem anyway, so the snippet is the same, several times faster.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};
use tantivy::{Score, Searcher, Term};

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

/// A word pattern of the query that is not a term: marked in snippets by
/// [`PatternMarker`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordPattern {
    /// Words starting with this (lower-case).
    Prefix(String),
    /// Words at most one edit (a swap counts as one) from this (lower-case).
    Fuzzy(String),
    /// Words holding this (lower-case): compounds of a query word, or the
    /// words of `*sanierung`.
    Within(String),
}

impl WordPattern {
    fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Prefix(prefix) => word.starts_with(prefix.as_str()),
            WordPattern::Fuzzy(target) => within_one_edit(word, target),
            WordPattern::Within(part) => word.contains(part.as_str()),
        }
    }
}

/// Whether `a` becomes `b` by at most one insertion, deletion,
/// substitution or swap of neighbours.
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        if prefix == short.len() {
            return true;
        }
        let rest = prefix + 1;
        // One substitution, or a swap of two neighbours.
        short.get(rest..) == long.get(rest..)
            || (short.get(prefix) == long.get(rest)
                && short.get(rest) == long.get(prefix)
                && short.get(rest + 1..) == long.get(rest + 1..))
    } else {
        // One insertion into the shorter word.
        short.get(prefix..) == long.get(prefix + 1..)
    }
}

/// A word rewrite (a filter through [`Rewriting`]) that replaces each
/// word matching one of the patterns by that pattern's key (`\u{1}` and
/// its index), so tantivy's snippet generator can mark words found by
/// prefix or typo-tolerant matching.
#[derive(Clone)]
pub struct PatternMarker {
    patterns: Arc<Vec<WordPattern>>,
}

fn pattern_key(i: usize) -> String {
    format!("\u{1}{i}")
}

impl WordRewrite for PatternMarker {
    fn rewrite(&mut self, word: &str) -> Option<String> {
        let i = self.patterns.iter().position(|p| p.matches(word))?;
        Some(pattern_key(i))
    }
}

/// A per-word rewrite done by [`Rewriting`]: the two snippet analyzers'
/// filters ([`GatedStemmer`], [`PatternMarker`]) differ only in this.
pub trait WordRewrite: Clone + Send + Sync + 'static {
    /// The word's new text, or `None` to keep it.
    fn rewrite(&mut self, word: &str) -> Option<String>;
}

/// A token filter that replaces each token's text by its
/// [`WordRewrite`].
#[derive(Clone)]
pub struct Rewriting<R>(pub R);

impl<R: WordRewrite> TokenFilter for Rewriting<R> {
    type Tokenizer<T: Tokenizer> = RewritingTokenizer<R, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RewritingTokenizer<R, T> {
        RewritingTokenizer {
            rewrite: self.0,
            inner: tokenizer,
        }
    }
}

/// The tokenizer [`Rewriting`] makes.
#[derive(Clone)]
pub struct RewritingTokenizer<R, T> {
    rewrite: R,
    inner: T,
}

impl<R: WordRewrite, T: Tokenizer> Tokenizer for RewritingTokenizer<R, T> {
    type TokenStream<'a> = RewritingStream<'a, R, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewritingStream {
            tail: self.inner.token_stream(text),
            rewrite: &mut self.rewrite,
        }
    }
}

/// The token stream of [`RewritingTokenizer`].
pub struct RewritingStream<'a, R, S> {
    tail: S,
    rewrite: &'a mut R,
}

impl<R: WordRewrite, S: TokenStream> TokenStream for RewritingStream<'_, R, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(text) = self.rewrite.rewrite(&token.text) {
            token.text = text;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Makes snippets for the hits of one query.
pub struct Snippets {
    stemmed: SnippetGenerator,
    exact: SnippetGenerator,
    patterns: Option<SnippetGenerator>,
}

impl Snippets {
    /// Prepares the generators for `query` and the words it matches by
    /// pattern.
    pub fn new(
        searcher: &Searcher,
        index: &RatsIndex,
        query: &dyn Query,
        patterns: Vec<WordPattern>,
    ) -> Result<Snippets> {
        let f = index.fields();
        let terms = query_terms(searcher, query, f.text)?;
        let stem = searcher.index().tokenizer_for_field(f.text)?;
        let gate = GatedStemmer::new(terms.keys().map(String::as_str), stem);
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(Rewriting(gate))
            .build();
        let stemmed = SnippetGenerator::new(terms, analyzer, f.text, SNIPPET_CHARS);
        let mut exact = SnippetGenerator::create(searcher, query, f.text_exact)?;
        exact.set_max_num_chars(SNIPPET_CHARS);
        let patterns = (!patterns.is_empty()).then(|| {
            let keys = (0..patterns.len()).map(|i| (pattern_key(i), 1.0)).collect();
            let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(64))
                .filter(LowerCaser)
                .filter(Rewriting(PatternMarker {
                    patterns: Arc::new(patterns),
                }))
                .build();
            SnippetGenerator::new(keys, analyzer, f.text_exact, SNIPPET_CHARS)
        });
        Ok(Snippets {
            stemmed,
            exact,
            patterns,
        })
    }

    /// The snippet for one record: the best passage of its text; where no
    /// query word is in the text, the start of the decision proposal or
    /// text.
    pub fn for_record(&self, record: &Record) -> Snippet {
        let text = prefix_bytes(&record.text, MAX_SCANNED_BYTES);
        let generators = [
            Some(&self.stemmed),
            Some(&self.exact),
            self.patterns.as_ref(),
        ];
        for generator in generators.into_iter().flatten() {
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

/// The query's terms in `field`, weighted as tantivy's snippet generator
/// weighs them (rarer terms count more).
fn query_terms(
    searcher: &Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
) -> Result<BTreeMap<String, Score>> {
    let mut terms: BTreeSet<Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weighted = BTreeMap::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_string) else {
            continue;
        };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            weighted.insert(text, 1.0 / (1.0 + doc_freq as Score));
        }
    }
    Ok(weighted)
}

/// A word rewrite (a filter through [`Rewriting`]) that stems, with the
/// field's own analyzer, only the words that start like one of the
/// query's stems.
#[derive(Clone)]
pub struct GatedStemmer {
    /// The first characters of each stem, umlauts folded.
    prefixes: Arc<Vec<String>>,
    /// The field's stemming analyzer, used on one word at a time.
    stem: TextAnalyzer,
}

/// Characters of a stem that a word must start with to be stemmed.
const GATE_CHARS: usize = 3;

impl GatedStemmer {
    /// A filter for these query stems.
    pub fn new<'a>(stems: impl Iterator<Item = &'a str>, stem: TextAnalyzer) -> GatedStemmer {
        let mut prefixes: Vec<String> = stems
            .map(|s| fold(s).chars().take(GATE_CHARS).collect())
            .collect();
        prefixes.sort();
        prefixes.dedup();
        GatedStemmer {
            prefixes: Arc::new(prefixes),
            stem,
        }
    }

    fn admits(&self, word: &str) -> bool {
        self.prefixes.iter().any(|p| starts_folded(word, p))
    }

    fn stemmed(&mut self, word: &str) -> Option<String> {
        let mut stream = self.stem.token_stream(word);
        stream.advance().then(|| stream.token().text.clone())
    }
}

/// Lower-case with umlauts and ß folded as the German stemmer folds them.
fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push('a'),
            'ö' => out.push('o'),
            'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

/// Whether `word` (lower-case) starts with `prefix` (folded), folding
/// `word` on the fly without allocating.
fn starts_folded(word: &str, prefix: &str) -> bool {
    let mut wanted = prefix.chars();
    let mut pending: Option<char> = None;
    let mut chars = word.chars();
    loop {
        let Some(expected) = wanted.next() else {
            return true;
        };
        let got = match pending.take() {
            Some(c) => c,
            None => match chars.next() {
                Some('ä') => 'a',
                Some('ö') => 'o',
                Some('ü') => 'u',
                Some('ß') => {
                    pending = Some('s');
                    's'
                }
                Some(c) => c,
                None => return false,
            },
        };
        if got != expected {
            return false;
        }
    }
}

impl WordRewrite for GatedStemmer {
    fn rewrite(&mut self, word: &str) -> Option<String> {
        if self.admits(word) {
            self.stemmed(word)
        } else {
            None
        }
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
    fn one_edit_apart() {
        assert!(within_one_edit("schwimhalle", "schwimmhalle"));
        assert!(within_one_edit("schwimmhalle", "schwimmhalle"));
        assert!(within_one_edit("radewg", "radweg"));
        assert!(within_one_edit("radwef", "radweg"));
        assert!(within_one_edit("radwegg", "radweg"));
        assert!(!within_one_edit("radwgee", "radweg"));
        assert!(!within_one_edit("rad", "radweg"));
        assert!(within_one_edit("", "a"));
    }

    #[test]
    fn folded_prefixes() {
        assert!(starts_folded("bäume", "bau"));
        assert!(starts_folded("straße", "strass"));
        assert!(starts_folded("radweg", "rad"));
        assert!(!starts_folded("ra", "rad"));
        assert!(!starts_folded("rübe", "rad"));
        assert_eq!(fold("Straßenbäume"), "strassenbaume");
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(prefix_bytes("Straße", 5), "Stra");
        assert_eq!(prefix_bytes("ab", 5), "ab");
    }
}
