//! Which of a paper's files is the paper itself, whose text the record is
//! read from.
//!
//! OParl has `mainFile` for it, but many RIS (Karlsruhe's among them) list
//! every document as an `auxiliaryFile`: the paper, its Anlagen, the
//! administration's Stellungnahme, protocol extracts, vote results. The
//! rules, in order (the vocabulary is in `src/extract/rules/oparl.toml`):
//!
//! 1. `mainFile`, if it has a usable text;
//! 2. of the files with a usable text, those whose name
//!    (`oparl_other_file_names`) or opening (`oparl_other_file_openings`
//!    before any of `oparl_paper_openings`) says they are something else
//!    are set aside;
//! 3. `name`: of the rest, the first whose name says it is the paper
//!    (`oparl_paper_file_names`), preferring one whose opening says so too;
//! 4. `header`: else the first whose opening says it is the paper (older
//!    papers are often named after their subject or agenda item);
//! 5. `first`: else the first file left;
//! 6. `fallback`: else the first file with a usable text at all.
//!
//! A usable text has at least [`MIN_CHARS`] non-space characters (less is
//! a scan without a text layer).

use crate::extract::Rules;

/// Non-space characters a text needs to be used.
pub const MIN_CHARS: usize = 50;

/// Characters of a text's start that its opening is judged on.
pub const OPENING: usize = 400;

/// How the file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The Paper's `mainFile`.
    MainFile,
    /// Its name says it is the paper.
    Name,
    /// Its text's opening says it is the paper.
    Header,
    /// The first file not set aside.
    First,
    /// The first file with text; all were set aside.
    Fallback,
}

impl Choice {
    /// The name recorded in `oparl.text_file_rule`.
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::MainFile => "mainFile",
            Choice::Name => "name",
            Choice::Header => "header",
            Choice::First => "first",
            Choice::Fallback => "fallback",
        }
    }
}

/// A file as the choice sees it.
#[derive(Clone, Debug, Default)]
pub struct Candidate {
    /// The OParl `name`.
    pub name: String,
    /// Whether it is the Paper's `mainFile`.
    pub main: bool,
    /// The start of its text (`None`: no usable text).
    pub opening: Option<String>,
}

/// The word lists of the choice.
#[derive(Clone, Debug)]
pub struct Words {
    other_names: Vec<String>,
    paper_names: Vec<String>,
    other_openings: Vec<String>,
    paper_openings: Vec<String>,
}

impl Words {
    /// The lists from the rules.
    pub fn new(rules: &Rules) -> Words {
        let lower = |name: &str| -> Vec<String> {
            rules.list(name).iter().map(|w| w.to_lowercase()).collect()
        };
        Words {
            other_names: lower("oparl_other_file_names"),
            paper_names: lower("oparl_paper_file_names"),
            other_openings: lower("oparl_other_file_openings"),
            paper_openings: lower("oparl_paper_openings"),
        }
    }

    /// What an opening says: `Some(true)` the paper, `Some(false)`
    /// something else, `None` neither; the earliest word decides.
    fn opening_says(&self, opening: &str) -> Option<bool> {
        let opening = opening.to_lowercase();
        let earliest = |words: &[String]| words.iter().filter_map(|w| word_at(&opening, w)).min();
        match (
            earliest(&self.paper_openings),
            earliest(&self.other_openings),
        ) {
            (Some(p), Some(o)) => Some(p < o),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }
}

/// Chooses the file the record is read from; `None` when no file has a
/// usable text.
pub fn choose(files: &[Candidate], words: &Words) -> Option<(usize, Choice)> {
    let usable: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].opening.is_some())
        .collect();
    if let Some(&i) = usable.iter().find(|&&i| files[i].main) {
        return Some((i, Choice::MainFile));
    }
    let says = |i: usize| words.opening_says(files[i].opening.as_deref().unwrap_or(""));
    let named = |i: usize, list: &[String]| {
        let name = files[i].name.to_lowercase();
        list.iter().any(|w| word_at(&name, w).is_some())
    };
    let kept: Vec<usize> = usable
        .iter()
        .copied()
        .filter(|&i| !named(i, &words.other_names) && says(i) != Some(false))
        .collect();
    let by_name: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|&i| named(i, &words.paper_names))
        .collect();
    if let Some(&i) = by_name
        .iter()
        .find(|&&i| says(i) == Some(true))
        .or(by_name.first())
    {
        return Some((i, Choice::Name));
    }
    if let Some(&i) = kept.iter().find(|&&i| says(i) == Some(true)) {
        return Some((i, Choice::Header));
    }
    if let Some(&i) = kept.first() {
        return Some((i, Choice::First));
    }
    usable.first().map(|&i| (i, Choice::Fallback))
}

/// The opening of a text, if the text is usable.
pub fn opening(text: &str) -> Option<String> {
    let letters = text.chars().filter(|c| !c.is_whitespace()).take(MIN_CHARS);
    if letters.count() < MIN_CHARS {
        return None;
    }
    Some(text.trim_start().chars().take(OPENING).collect())
}

/// Where `word` (lower-case) occurs in `text` (lower-case) at the start of
/// a word, first occurrence.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let at = from + at;
        let starts = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if starts {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: Option<&str>) -> Candidate {
        Candidate {
            name: name.into(),
            main: false,
            opening: text.and_then(opening),
        }
    }

    const PAPER: &str = "Beschlussvorlage\nVorlage Nr.: 2021/0387\nBetreff: Die Zukunft der Innenstadt und ihr Handel";
    const STN: &str =
        "Stellungnahme zum Antrag der Fraktion DIE LINKE vom 23. März 2021 und mehr Text";
    const PROTOCOL: &str =
        "Niederschrift über die 27. Plenarsitzung des Gemeinderates am 20. April 2021";

    #[test]
    fn the_paper_is_found_by_name_past_protocols_and_statements() {
        let words = Words::new(&Rules::builtin());
        let files = [
            file("Protokoll GR TOP 39", Some(PROTOCOL)),
            file("Antrag", Some(PAPER)),
            file("TOP 1 Stellungnahme zum Antrag LINKE", Some(STN)),
        ];
        assert_eq!(choose(&files, &words), Some((1, Choice::Name)));
    }

    #[test]
    fn a_subject_named_file_is_found_by_its_opening() {
        let words = Words::new(&Rules::builtin());
        let files = [
            file("TOP 17", Some(STN)),
            file("Fahrradfreundliches Karlsruhe", Some(PAPER)),
        ];
        assert_eq!(choose(&files, &words), Some((1, Choice::Header)));
        // A scan without text is not usable; nothing else is left.
        let files = [
            file("Antrag", Some("   \n ")),
            file("Anlage 1", Some(PAPER)),
        ];
        assert_eq!(choose(&files, &words), Some((1, Choice::Fallback)));
        assert_eq!(choose(&[file("Antrag", None)], &words), None);
    }

    #[test]
    fn words_match_at_word_starts_only() {
        assert_eq!(word_at("planlage 2", "anlage"), None);
        assert_eq!(word_at("2_anlage", "anlage"), Some(2));
    }
}
