//! The decompounder's part vocabulary, built at run time from a German
//! word list on the user's system (Debian's `wngerman`:
//! `/usr/share/dict/ngerman`, igerman98 by Björn Jacke).
//!
//! The word list is licensed GPL-2+ (see `/usr/share/doc/wngerman/copyright`);
//! ratsindex is MIT. So no word of it is compiled into the binary or kept in
//! the repository: the list is read where the system's package put it, and
//! the nouns and modifiers are derived from it here, each time a process
//! first needs them (about 0.3 s, only for ingesting).
//!
//! What a word may be in a compound:
//! - a noun (head or modifier): the list's capitalised words, lower-cased
//!   (three-letter ones only with an inflected form listed, which leaves
//!   out abbreviations "Abk", "Feb"); a lower-case word whose capitalised
//!   genitive or plural is listed ("verkehr" for "Verkehrs"), since the list
//!   keeps a word once when it is also a verb form or adverb; and a
//!   lower-case word that is the tail of two or more listed compounds of a
//!   noun ("bahn" of Eisen-bahn, Straßen-bahn);
//! - a modifier only: a verb stem whose 3rd person is listed ("wohn" of
//!   wohnen, wohnt) and an adjective listed with the endings -e, -er, -es
//!   ("neu").
//!
//! Nothing here knows any test word.

use rustc_hash::{FxHashMap, FxHashSet};

/// Fewest and most letters of a word the vocabulary keeps.
const MIN: usize = 3;
const MAX: usize = 30;

/// Linking elements between a noun and the next part.
const LINKS: [&str; 8] = ["s", "es", "n", "en", "e", "er", "ens", "ns"];

/// Endings of a noun's inflected forms (genitive, plural).
const INFLECTIONS: [&str; 5] = ["s", "es", "e", "n", "en"];

/// The nouns and modifier-only words of a word list (one word a line).
pub struct Vocabulary {
    pub nouns: FxHashSet<Box<str>>,
    pub modifiers: FxHashSet<Box<str>>,
}

fn letters(word: &str) -> bool {
    let n = word.chars().count();
    (MIN..=MAX).contains(&n) && word.chars().all(char::is_alphabetic)
}

/// `word` with its first letter upper-cased.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Vocabulary {
    /// Derives the vocabulary from a word list (see the module docs).
    pub fn from_word_list(list: &str) -> Vocabulary {
        let words: Vec<&str> = list.lines().map(str::trim).collect();
        let listed: FxHashSet<&str> = words.iter().copied().collect();
        let is_listed = |buffer: &mut String, word: &str, ending: &str| {
            buffer.clear();
            buffer.push_str(word);
            buffer.push_str(ending);
            listed.contains(buffer.as_str())
        };
        let capitalised: FxHashSet<String> = words
            .iter()
            .filter(|w| letters(w) && w.chars().next().is_some_and(char::is_uppercase))
            .map(|w| w.to_lowercase())
            .collect();
        // Tails of compounds of a listed noun (perhaps with a link): how
        // many compounds end in each.
        let mut heads: FxHashMap<&str, u32> = FxHashMap::default();
        for compound in &capitalised {
            let bounds: Vec<usize> = compound.char_indices().map(|(i, _)| i).collect();
            let n = bounds.len();
            for k in MIN..n.saturating_sub(MIN) {
                let prefix = &compound[..bounds[k]];
                let noun = capitalised.contains(prefix)
                    || LINKS.iter().any(|link| {
                        prefix
                            .strip_suffix(link)
                            .is_some_and(|p| capitalised.contains(p))
                    });
                if noun {
                    *heads.entry(&compound[bounds[k]..]).or_default() += 1;
                }
            }
        }
        let mut nouns: FxHashSet<Box<str>> = FxHashSet::default();
        let mut modifiers: FxHashSet<Box<str>> = FxHashSet::default();
        let mut buffer = String::new();
        for &word in &words {
            if !letters(word) {
                continue;
            }
            let count = word.chars().count();
            let mut chars = word.chars();
            let first = chars.next().unwrap_or_default();
            let rest = chars.as_str();
            let mut inflected =
                |cap: &str| INFLECTIONS.iter().any(|e| is_listed(&mut buffer, cap, e));
            if first.is_uppercase() {
                let rest_lower = rest.chars().all(char::is_lowercase);
                if rest_lower && (count > MIN || inflected(word)) {
                    nouns.insert(word.to_lowercase().into());
                }
                continue;
            }
            let ends_en = word.ends_with("en");
            if count > MIN
                && !ends_en
                && (inflected(&capitalise(word)) || heads.get(word).copied().unwrap_or(0) >= 2)
            {
                nouns.insert(word.into());
            }
            if ends_en && count >= MIN + 2 {
                let stem = &word[..word.len() - 2];
                if stem.chars().count() > MIN && is_listed(&mut buffer, stem, "t") {
                    modifiers.insert(stem.into());
                }
            }
            if count > MIN
                && ["e", "er", "es"]
                    .iter()
                    .all(|e| is_listed(&mut buffer, word, e))
            {
                modifiers.insert(word.into());
            }
        }
        modifiers.retain(|m| !nouns.contains(m));
        Vocabulary { nouns, modifiers }
    }

    /// The vocabulary as lines `N word` (noun) and `M word` (modifier only),
    /// which [`Vocabulary::from_tagged`] reads back.
    pub fn to_tagged(&self) -> String {
        let mut out = String::with_capacity(14 * (self.nouns.len() + self.modifiers.len()));
        for (tag, words) in [("N", &self.nouns), ("M", &self.modifiers)] {
            for word in words {
                out.push_str(tag);
                out.push(' ');
                out.push_str(word);
                out.push('\n');
            }
        }
        out
    }

    /// A vocabulary from lines `N word` (noun) and `M word` (modifier
    /// only); `#` starts a comment line. For the cache, tests and
    /// hand-made lists.
    pub fn from_tagged(text: &str) -> Vocabulary {
        let mut nouns = FxHashSet::default();
        let mut modifiers = FxHashSet::default();
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("N", word)) => {
                    nouns.insert(word.trim().into());
                }
                Some(("M", word)) => {
                    modifiers.insert(word.trim().into());
                }
                _ => {}
            }
        }
        Vocabulary { nouns, modifiers }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_and_modifiers_of_a_small_list() {
        // A made-up list in the word list's shape.
        let list = "Verkehr\nVerkehrs\nKonzept\nKonzepte\nRad\nRades\nStraße\n\
                    Straßenbahn\nEisenbahn\nEisen\nbahn\nwohnen\nwohnt\nfrei\nfreie\n\
                    freier\nfreies\nAbk\nverkehr\n";
        let v = Vocabulary::from_word_list(list);
        for noun in ["verkehr", "konzept", "rad", "straße", "eisen", "bahn"] {
            assert!(v.nouns.contains(noun), "{noun}");
        }
        // No inflected form listed: an abbreviation, not a noun.
        assert!(!v.nouns.contains("abk"));
        assert!(v.modifiers.contains("wohn"));
        assert!(v.modifiers.contains("frei"));
        assert!(!v.modifiers.contains("verkehr"), "nouns are no modifiers");
        let back = Vocabulary::from_tagged(&v.to_tagged());
        assert_eq!(back.nouns, v.nouns);
        assert_eq!(back.modifiers, v.modifiers);
    }
}
