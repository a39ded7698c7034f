//! The line index and the cue-word prefilter that every pattern of the
//! actor rules searches through.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Match;

use crate::extract::lazy_regex::{warm_later, LazyRegex};

use super::text::is_blank;

/// The lines of a text, split at line ends and form feeds, found once and
/// read by every line-based rule.
#[derive(Debug)]
pub(super) struct Lines<'a> {
    /// Byte offset and text of every line, in order.
    pub(super) all: Vec<(usize, &'a str)>,
    /// For every line, the cued patterns (bits) whose cue words it holds.
    pub(super) cued: Vec<u32>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(s: &'a str) -> Lines<'a> {
        let mut all = Vec::new();
        let mut start = 0;
        for end in memchr::memchr2_iter(b'\n', b'\x0c', s.as_bytes()).chain([s.len()]) {
            all.push((start, &s[start..end]));
            start = end + 1;
        }
        Lines {
            all,
            cued: Vec::new(),
        }
    }

    /// Index of the line holding byte `at`.
    pub(super) fn index_at(&self, at: usize) -> usize {
        self.all
            .partition_point(|&(start, _)| start <= at)
            .saturating_sub(1)
    }

    /// Byte range from the start of line `first` to the end of line `last`.
    pub(super) fn span(&self, first: usize, last: usize) -> Range<usize> {
        let start = self.all.get(first).map_or(0, |&(start, _)| start);
        let end = self
            .all
            .get(last)
            .map_or(start, |&(start, line)| start + line.len());
        start..end
    }
}

/// A pattern searched only in the lines where one of its cue words occurs.
///
/// Patterns that begin with a class of capitals (`[A-ZÄÖÜ][a-zäöü]*amt`)
/// give the regex engine no literal to skip ahead to, so it steps through
/// every byte of the text; and twenty patterns that each begin with a list
/// of words (`Amt|Referat|…`) are twenty passes over the text. Instead one
/// pass finds the cue words of all patterns ([`CueIndex`]), and each
/// pattern runs only on the lines that hold one of its own. The matches are
/// exactly those of a search over the whole text, because every match
/// contains a cue word, no match crosses a line end (or, with
/// `from_previous_line`, only the blank lines up to the line before its
/// cue's), and the patterns use no anchors or word boundaries.
#[derive(Clone, Debug)]
pub(super) struct Cued {
    /// Compiled when first searched with: most cued patterns never are
    /// on a paper without their cue words.
    pub(super) pattern: LazyRegex,
    /// The pattern's bit in [`Lines::cued`]; `None` searches the whole
    /// text (no cue words, or one holds a line end).
    pub(super) bit: Option<u32>,
    pub(super) from_previous_line: bool,
}

impl Cued {
    /// The matches of the pattern in `s`, in order, as `find_iter` over
    /// the whole text gives them.
    pub(super) fn find_iter<'s>(&self, s: &'s str, lines: &Lines<'_>) -> Vec<Match<'s>> {
        let Some(bit) = self.bit else {
            return match self.pattern.get() {
                Some(pattern) => pattern.find_iter(s).collect(),
                None => Vec::new(),
            };
        };
        // Runs of cued lines, each with the lines a match may start on.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let cued = lines.cued.iter().enumerate().filter(|(_, m)| *m & bit != 0);
        for (last, _) in cued {
            let mut first = last;
            if self.from_previous_line {
                first = first.saturating_sub(1);
                while first > 0 && lines.all.get(first).is_some_and(|(_, l)| is_blank(l)) {
                    first -= 1;
                }
            }
            match runs.last_mut() {
                Some((_, run_last)) if first <= *run_last + 1 => *run_last = last.max(*run_last),
                _ => runs.push((first, last)),
            }
        }
        let mut out = Vec::new();
        let Some(pattern) = runs.first().and_then(|_| self.pattern.get()) else {
            return out;
        };
        for (first, last) in runs {
            let span = lines.span(first, last);
            let haystack = &s[..span.end];
            let mut at = span.start;
            while let Some(m) = pattern.find_at(haystack, at) {
                at = if m.end() > m.start() {
                    m.end()
                } else {
                    // An empty match: go on after the next character.
                    m.end() + haystack[m.end()..].chars().next().map_or(1, char::len_utf8)
                };
                out.push(m);
                if at > haystack.len() {
                    break;
                }
            }
        }
        out
    }
}

/// The cue words of the cued patterns while the rules are compiled.
#[derive(Debug, Default)]
pub(super) struct CueWords {
    /// Each distinct cue word with the bits of the patterns it cues.
    pub(super) words: Vec<(String, u32)>,
    pub(super) patterns: u32,
}

impl CueWords {
    /// Registers a pattern with its cue words.
    pub(super) fn cued(
        &mut self,
        pattern: LazyRegex,
        cues: &[String],
        from_previous_line: bool,
    ) -> Cued {
        let usable = !cues.is_empty()
            && !cues
                .iter()
                .any(|w| w.is_empty() || w.contains(['\n', '\u{c}']))
            && self.patterns < u32::BITS;
        let bit = usable.then(|| {
            let bit = 1 << self.patterns;
            self.patterns += 1;
            for cue in cues {
                match self.words.iter_mut().find(|(w, _)| w == cue) {
                    Some((_, bits)) => *bits |= bit,
                    None => self.words.push((cue.clone(), bit)),
                }
            }
            bit
        });
        Cued {
            pattern,
            bit,
            from_previous_line,
        }
    }

    pub(super) fn finish(self) -> CueIndex {
        let (words, bits): (Vec<String>, Vec<u32>) = self.words.into_iter().unzip();
        let words = Arc::new(words);
        let automaton = Arc::new(OnceLock::new());
        let (cell, source) = (Arc::downgrade(&automaton), Arc::clone(&words));
        let warming = warm_later(Box::new(move || {
            if let Some(cell) = cell.upgrade() {
                cell.get_or_init(|| {
                    let started = crate::timing::start();
                    let built = cue_automaton(&source, AhoCorasickKind::DFA);
                    crate::timing::done(started, "compile", "actor cue words (Aho-Corasick DFA)");
                    built
                });
            }
        }));
        CueIndex {
            automaton,
            until_built: Arc::new(OnceLock::new()),
            warming,
            words,
            bits,
        }
    }
}

/// One automaton over all cue words of the `kind` asked for (where it
/// would be too big, the builder's own choice), `None` if it cannot be
/// built.
fn cue_automaton(words: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    let build = |kind| {
        AhoCorasick::builder()
            .kind(kind)
            .match_kind(MatchKind::Standard)
            .build(words)
    };
    build(Some(kind)).or_else(|_| build(None)).ok()
}

/// The cue words of all cued patterns, found in one pass over a text.
/// Clones share the automata (they keep no search state).
///
/// Two automata find the same matches: a DFA (several hundred MB/s, but
/// 30 million instructions to build, most of the actor rules' set-up),
/// built by the warm-up thread, and a contiguous NFA (about a tenth of
/// that to build, a slower search), built by the first search that finds
/// the DFA not ready. So a one-file extract never waits for the DFA, and
/// a batch searches with it from the first papers on.
#[derive(Clone, Debug)]
pub(super) struct CueIndex {
    /// Without an automaton every pattern is searched everywhere.
    automaton: Arc<OnceLock<Option<AhoCorasick>>>,
    /// The NFA searched while `automaton` is not built yet.
    until_built: Arc<OnceLock<Option<AhoCorasick>>>,
    /// Whether the warm-up thread builds `automaton`; without it (see
    /// `RATSINDEX_NO_WARMUP`), the first search does.
    warming: bool,
    words: Arc<Vec<String>>,
    /// For each cue word, the bits of the patterns it cues.
    pub(super) bits: Vec<u32>,
}

impl CueIndex {
    /// For every line, the bits of the patterns cued on it.
    pub(super) fn lines(&self, s: &str, lines: &Lines<'_>) -> Vec<u32> {
        let built = match self.automaton.get() {
            Some(dfa) => dfa,
            None if !self.warming => self
                .automaton
                .get_or_init(|| cue_automaton(&self.words, AhoCorasickKind::DFA)),
            None => self
                .until_built
                .get_or_init(|| cue_automaton(&self.words, AhoCorasickKind::ContiguousNFA)),
        };
        let Some(automaton) = built else {
            return vec![u32::MAX; lines.all.len()];
        };
        let mut cued = vec![0; lines.all.len()];
        // Overlapping: a cue inside another pattern's cue counts too.
        // Matches come roughly in text order: step the line forward from
        // the last one, and search only when a match lies before it.
        let mut line = 0;
        for found in automaton.find_overlapping_iter(s) {
            let at = found.start();
            let starts_here = |i: usize| lines.all.get(i).is_some_and(|&(start, _)| start <= at);
            if !starts_here(line) {
                line = lines.index_at(at);
            }
            while starts_here(line + 1) {
                line += 1;
            }
            let bits = self.bits.get(found.pattern().as_usize()).copied();
            if let Some(bits_of_line) = cued.get_mut(line) {
                *bits_of_line |= bits.unwrap_or(u32::MAX);
            }
        }
        cued
    }
}
