//! German compound words split into their parts ("Dachsanierung" → dach,
//! sanierung; "Radverkehrskonzept" → radverkehr, rad, verkehr, konzept), so
//! that a search for a part finds the compounds built from it.
//!
//! This is a dictionary decompounder of the kind Lucene's
//! `DictionaryCompoundWordTokenFilter` (and Elasticsearch's and Solr's
//! decompounder filters built on it) implements, with one difference that
//! keeps it precise: a word is split only when it can be read *whole* as
//! modifiers, linking elements and a noun as its head, never by finding
//! any dictionary word inside it ("Vorlage" holds "Lage", but "vor" is no
//! modifier, so it stays whole).
//!
//! - The vocabulary comes from a German word list on the system, read at
//!   run time ([`vocabulary`]): Debian's `wngerman`
//!   (`/usr/share/dict/ngerman`, igerman98, GPL-2+, so it is neither
//!   compiled in nor kept in the repository), or the list
//!   `RATSINDEX_WORD_LIST` names. Nouns (heads or modifiers) and
//!   modifier-only verb stems and adjectives ("wohn", "neu") are derived
//!   from it. Without a list nothing is split (stderr says so).
//! - Between parts a linking element may stand (`s`, `es`, `n`, `en`, `e`,
//!   `er`, `ens`, `ns`: "Verkehr·s·konzept"), and a modifier may drop its
//!   final `e` ("Schul·hof" of Schule).
//! - Of the readings, the one with the fewest parts wins (then the longest
//!   head); each part is split again, and runs of neighbouring parts are
//!   parts too: "Radverkehrskonzept" is rad + verkehr + konzept, and
//!   radverkehr and verkehrskonzept.
//!
//! [`CompoundParts`] is the tantivy token filter that replaces each word by
//! its parts (and drops words that are no compounds); the schema's `*_parts`
//! fields use it.

mod vocabulary;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

pub use vocabulary::Vocabulary;

/// Where Debian's `wngerman` puts the German word list.
pub const DEFAULT_WORD_LIST: &str = "/usr/share/dict/ngerman";

/// Environment variable naming another word list (one word a line, the
/// shape of `/usr/share/dict/ngerman`).
pub const WORD_LIST_ENV: &str = "RATSINDEX_WORD_LIST";

/// Linking elements that may stand between two parts, longest first.
const LINKS: &[&str] = &["ens", "es", "en", "er", "ns", "s", "n", "e"];

/// Fewest letters of a part.
const MIN_PART: usize = 3;

/// Fewest letters of a word worth splitting (two parts of three).
const MIN_WORD: usize = 6;

/// Most letters of a word worth splitting (longer tokens are no words).
const MAX_WORD: usize = 48;

/// How often a part is split again to find its own parts.
const MAX_DEPTH: usize = 2;

/// Words whose parts a thread remembers before it forgets them all.
const CACHE_WORDS: usize = 100_000;

/// The part vocabulary, loaded once per process.
pub struct Decompounder {
    nouns: FxHashSet<Box<str>>,
    modifiers: FxHashSet<Box<str>>,
}

/// The word list the process reads: `RATSINDEX_WORD_LIST` if set, else
/// [`DEFAULT_WORD_LIST`].
pub fn word_list_path() -> PathBuf {
    std::env::var_os(WORD_LIST_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_WORD_LIST))
}

impl Decompounder {
    /// The vocabulary of the system's word list ([`word_list_path`]),
    /// built on first use. Without a readable list nothing is split, and
    /// stderr says so once: compounds are then found only whole.
    pub fn get() -> &'static Decompounder {
        static DECOMPOUNDER: OnceLock<Decompounder> = OnceLock::new();
        DECOMPOUNDER.get_or_init(|| match load() {
            Ok(vocabulary) => Decompounder::from(vocabulary),
            Err(message) => {
                eprintln!(
                    "warning: {message}: compound words are indexed whole, not also by \
                     their parts (install Debian's `wngerman`, or set {WORD_LIST_ENV} to a \
                     word list)"
                );
                Decompounder::from(Vocabulary::from_tagged(""))
            }
        })
    }

    /// Whether [`Decompounder::get`] found a word list with nouns in it.
    pub fn available() -> bool {
        !Decompounder::get().nouns.is_empty()
    }

    /// A decompounder from vocabulary lines `N word` (noun) and `M word`
    /// (modifier only); `#` starts a comment line.
    pub fn from_vocabulary(text: &str) -> Decompounder {
        Decompounder::from(Vocabulary::from_tagged(text))
    }

    /// The parts of a lower-cased word to index or search besides the word
    /// itself: its reading's parts and theirs, each once; empty when the
    /// word is no compound.
    pub fn parts(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.collect(word, 0, &mut parts);
        parts
    }

    fn collect(&self, word: &str, depth: usize, into: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(split) = self.split(word) else {
            return;
        };
        let push = |part: &str, into: &mut Vec<String>| {
            if part != word && !into.iter().any(|p| p == part) {
                into.push(part.to_string());
            }
        };
        for part in &split {
            push(part, into);
            self.collect(part, depth + 1, into);
        }
        // Runs of neighbouring parts as written, where the dictionary has
        // no word for them: radverkehr and verkehrskonzept of
        // Radverkehrskonzept.
        let offset = |part: &str| part.as_ptr() as usize - word.as_ptr() as usize;
        for (i, first) in split.iter().enumerate() {
            for last in split
                .iter()
                .take(split.len() - usize::from(i == 0))
                .skip(i + 1)
            {
                let run = &word[offset(first)..offset(last) + last.len()];
                push(run, into);
            }
        }
    }

    /// The best reading of `word` as modifiers and a head (the parts
    /// without their linking elements), or `None` when there is none.
    pub fn split<'w>(&self, word: &'w str) -> Option<Vec<&'w str>> {
        if !word.chars().all(char::is_alphabetic) {
            return None;
        }
        // Byte offset of every letter boundary.
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        let letters = bounds.len() - 1;
        if !(MIN_WORD..=MAX_WORD).contains(&letters) {
            return None;
        }
        // best[i]: fewest modifiers (each with its link) covering the
        // first i letters, with the start letter and the modifier's end
        // byte of the last one.
        let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; letters + 1];
        best[0] = Some((0, 0, 0));
        for end in MIN_PART..=letters - MIN_PART {
            for start in 0..=end - MIN_PART {
                let Some((count, _, _)) = best[start] else {
                    continue;
                };
                let unit = &word[bounds[start]..bounds[end]];
                let Some(modifier_end) = self.modifier_with_link(unit) else {
                    continue;
                };
                let candidate = (count + 1, start, bounds[start] + modifier_end);
                if best[end].is_none_or(|(c, _, _)| candidate.0 < c) {
                    best[end] = Some(candidate);
                }
            }
        }
        // The head: the longest noun ending the word after the fewest
        // modifiers.
        let mut chosen: Option<(usize, usize)> = None;
        for head_start in MIN_PART..=letters - MIN_PART {
            let Some((count, _, _)) = best[head_start] else {
                continue;
            };
            if !self.nouns.contains(&word[bounds[head_start]..]) {
                continue;
            }
            if chosen.is_none_or(|(c, _)| count < c) {
                chosen = Some((count, head_start));
            }
        }
        let (_, head_start) = chosen?;
        let mut parts = vec![&word[bounds[head_start]..]];
        let mut at = head_start;
        while at > 0 {
            let (_, start, modifier_end) = best[at]?;
            parts.push(&word[bounds[start]..modifier_end]);
            at = start;
        }
        parts.reverse();
        Some(parts)
    }

    /// Where the modifier of `unit` ends (in bytes) when `unit` is a
    /// modifier followed by a linking element, or a modifier that dropped
    /// its final `e`; a modifier without its link wins ("straße" of
    /// "straßen", though the plural is a word too).
    fn modifier_with_link(&self, unit: &str) -> Option<usize> {
        let stripped = |keep: &dyn Fn(&str) -> bool| {
            LINKS.iter().find_map(|link| {
                let modifier = unit.strip_suffix(link)?;
                (modifier.chars().count() >= MIN_PART && keep(modifier)).then_some(modifier.len())
            })
        };
        // A noun before its link ("straße" of "straßen"), else the unit
        // as it is ("bürger", not the verb stem "bürg"), else a verb stem
        // or adjective before its link.
        if let Some(end) = stripped(&|m| self.nouns.contains(m)) {
            return Some(end);
        }
        if self.is_modifier(unit) {
            return Some(unit.len());
        }
        if let Some(end) = stripped(&|m| self.modifiers.contains(m)) {
            return Some(end);
        }
        // "schul" of Schule, "kirch" of Kirche (not "ent" of Ente).
        if unit.chars().count() <= MIN_PART {
            return None;
        }
        thread_local! {
            static WITH_E: RefCell<String> = const { RefCell::new(String::new()) };
        }
        WITH_E.with(|buffer| {
            let mut with_e = buffer.borrow_mut();
            with_e.clear();
            with_e.push_str(unit);
            with_e.push('e');
            self.nouns.contains(with_e.as_str()).then_some(unit.len())
        })
    }

    /// Whether the vocabulary lists `word` (lower-case) as a noun, in
    /// any of its forms ("schulen", "verkehrs").
    pub fn is_noun(&self, word: &str) -> bool {
        self.nouns.contains(word)
    }

    fn is_modifier(&self, word: &str) -> bool {
        self.nouns.contains(word) || self.modifiers.contains(word)
    }

    /// [`Decompounder::parts`] through this thread's cache (indexing meets
    /// the same words over and over).
    pub fn cached_parts(&self, word: &str) -> std::rc::Rc<[String]> {
        thread_local! {
            static CACHE: RefCell<FxHashMap<String, std::rc::Rc<[String]>>> =
                RefCell::new(FxHashMap::default());
        }
        CACHE.with(|cache| {
            if let Some(parts) = cache.borrow().get(word) {
                return parts.clone();
            }
            let parts: std::rc::Rc<[String]> = self.parts(word).into();
            let mut cache = cache.borrow_mut();
            if cache.len() >= CACHE_WORDS {
                cache.clear();
            }
            cache.insert(word.to_string(), parts.clone());
            parts
        })
    }
}

/// Bumped whenever [`Vocabulary::from_word_list`] changes what it
/// derives, so that no cache of an older derivation is read.
const VOCABULARY_VERSION: u32 = 1;

/// The vocabulary of the word list: from this user's cache when it was
/// derived from the same list (path, size, time) before, else derived
/// (about 0.3 s on a release build, seconds on a debug one) and cached.
/// The cache lives in `$XDG_CACHE_HOME/ratsindex/` (or
/// `~/.cache/ratsindex/`); when it cannot be written, every process derives
/// the vocabulary anew.
fn load() -> Result<Vocabulary, String> {
    let path = word_list_path();
    let unreadable = |e: std::io::Error| format!("no German word list at {} ({e})", path.display());
    let meta = std::fs::metadata(&path).map_err(unreadable)?;
    let stamp = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let key = {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        (path.as_os_str(), meta.len(), stamp, VOCABULARY_VERSION).hash(&mut hasher);
        hasher.finish()
    };
    let cache = cache_dir().map(|dir| dir.join(format!("compound-vocabulary-{key:016x}.txt")));
    if let Some(text) = cache.as_ref().and_then(|c| std::fs::read_to_string(c).ok()) {
        let vocabulary = Vocabulary::from_tagged(&text);
        if !vocabulary.nouns.is_empty() {
            return Ok(vocabulary);
        }
    }
    let list = std::fs::read_to_string(&path).map_err(unreadable)?;
    let vocabulary = Vocabulary::from_word_list(&list);
    if let Some(cache) = cache {
        // A cache that cannot be written costs time, nothing else.
        let _ = write_cache(&cache, &vocabulary.to_tagged());
    }
    Ok(vocabulary)
}

fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("ratsindex"))
}

/// Writes `text` to `path` whole or not at all (a temporary file renamed).
fn write_cache(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".vocabulary-{}.tmp", std::process::id()));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path)
}

impl From<Vocabulary> for Decompounder {
    fn from(vocabulary: Vocabulary) -> Decompounder {
        Decompounder {
            nouns: vocabulary.nouns,
            modifiers: vocabulary.modifiers,
        }
    }
}

/// Token filter: each word becomes its compound parts (at the word's
/// position); words that are no compounds are dropped. Expects lower-cased
/// tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompoundParts;

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CompoundParts`] wraps around another.
#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            parts: Vec::new(),
            token: Token::default(),
        }
    }
}

/// The token stream of [`CompoundPartsFilter`].
pub struct CompoundPartsStream<T> {
    tail: T,
    /// Parts of the current word still to emit, last first.
    parts: Vec<String>,
    token: Token,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<T> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(part) = self.parts.pop() {
                self.token.text = part;
                return true;
            }
            if !self.tail.advance() {
                return false;
            }
            let word = self.tail.token();
            if word.text.len() < MIN_WORD {
                continue;
            }
            let parts = Decompounder::get().cached_parts(&word.text);
            if parts.is_empty() {
                continue;
            }
            self.token = Token {
                text: String::new(),
                ..word.clone()
            };
            self.parts.extend(parts.iter().rev().cloned());
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// For tests that need the system's German word list: whether it is
/// there. Missing, it says so on stderr (the test then skips loudly), and
/// under `CI=true` it panics, so that CI never skips these tests.
#[doc(hidden)]
pub fn word_list_for_tests() -> bool {
    if Decompounder::available() {
        return true;
    }
    let message = format!(
        "no German word list at {} (apt-get install wngerman)",
        word_list_path().display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
    eprintln!("SKIPPED: {message}");
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<String> {
        Decompounder::get().parts(word)
    }

    fn word_list() -> bool {
        word_list_for_tests()
    }

    #[test]
    fn compounds_split_into_their_parts() {
        if !word_list() {
            return;
        }
        assert_eq!(parts("dachsanierung"), ["dach", "sanierung"]);
        assert_eq!(parts("generalsanierung"), ["general", "sanierung"]);
        let radverkehr = parts("radverkehrskonzept");
        for part in ["radverkehr", "rad", "verkehr", "konzept"] {
            assert!(radverkehr.iter().any(|p| p == part), "{radverkehr:?}");
        }
        assert_eq!(parts("bürgermeister"), ["bürger", "meister"]);
        assert_eq!(parts("stadtrat"), ["stadt", "rat"]);
    }

    #[test]
    fn linking_elements_and_dropped_e() {
        if !word_list() {
            return;
        }
        // -s-, -n-, -en-, and Schule → Schul-.
        assert!(parts("sitzungsvorlage").contains(&"sitzung".to_string()));
        assert!(parts("straßenbahn").contains(&"straße".to_string()));
        assert!(parts("kindergarten").contains(&"kind".to_string()));
        assert!(parts("schulhof").contains(&"schul".to_string()));
    }

    #[test]
    fn simple_words_stay_whole() {
        if !word_list() {
            return;
        }
        for word in [
            "vorlage",
            "entwicklung",
            "verwaltung",
            "beratung",
            "ausschuss",
            "sanierung",
            "karlsruhe2024",
            "rad",
            "",
        ] {
            assert!(parts(word).is_empty(), "{word}: {:?}", parts(word));
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for word in [
            "äöüßäöüß",
            "ßßßßßßßßß",
            &"a".repeat(200),
            "x\u{301}yzxyzxyz",
        ] {
            let _ = parts(word);
        }
    }
}
