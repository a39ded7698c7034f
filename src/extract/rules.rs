//! The label vocabulary that the extractors' rules are built from.
//!
//! Section headings, field labels, paper type names, body and office nouns
//! differ between cities and vendors, so they are data, not code: named
//! lists of strings in TOML files. The built-in files live beside this
//! module (`src/extract/rules/*.toml`) and are compiled in; a user adds
//! their city's words with `--rules FILE`, a TOML file of the same shape:
//!
//! ```toml
//! # every key names a list; its strings are added to the built-in list
//! paper_types = ["Magistratsvorlage"]
//!
//! # optional: strings to take out of a built-in list
//! [remove]
//! paper_types = ["Bericht"]
//! ```
//!
//! Unknown list names are an error, so a typo does not silently do nothing.

use std::collections::BTreeMap;
use std::path::Path;

/// The built-in rule files, in load order, with their names for messages.
const BUILTIN: &[(&str, &str)] = &[
    ("document.toml", include_str!("rules/document.toml")),
    ("actors.toml", include_str!("rules/actors.toml")),
    ("first_names.toml", include_str!("rules/first_names.toml")),
    ("numbers.toml", include_str!("rules/numbers.toml")),
    ("finance.toml", include_str!("rules/finance.toml")),
    ("header.toml", include_str!("rules/header.toml")),
    ("committees.toml", include_str!("rules/committees.toml")),
    ("oparl.toml", include_str!("rules/oparl.toml")),
];

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("cannot read rules file {path}: {source}")]
    Io {
        /// The rules file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML of the expected shape.
    #[error("rules file {path}: {reason}")]
    Invalid {
        /// The rules file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Named lists of words and labels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    lists: BTreeMap<String, Vec<String>>,
    /// Whether a user's rules file was merged in: its patterns are
    /// checked when the rules are compiled (the built-in ones by a test).
    from_user: bool,
}

impl Rules {
    /// The built-in vocabulary.
    pub fn builtin() -> Rules {
        let mut rules = Rules::default();
        for (name, source) in BUILTIN {
            let merged = match plain_lists(source) {
                Some(lists) => rules.merge_lists(name, lists, true),
                None => rules.merge_toml(name, source, true),
            };
            merged.unwrap_or_else(|e| panic!("built-in rules are invalid: {e}"));
        }
        rules
    }

    /// The built-in vocabulary extended by the given user files.
    pub fn with_files(paths: &[impl AsRef<Path>]) -> Result<Rules, RulesError> {
        let mut rules = Rules::builtin();
        for path in paths {
            rules.extend_from_file(path.as_ref())?;
        }
        Ok(rules)
    }

    /// Adds a user's rules file to these rules.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), RulesError> {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: name.clone(),
            source,
        })?;
        self.from_user = true;
        self.merge_toml(&name, &source, false)
    }

    /// Whether a user's rules file was merged into the built-in rules.
    pub fn from_user(&self) -> bool {
        self.from_user
    }

    /// The list called `name`; empty if no file defines it.
    pub fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The list called `name`, lower-cased: the form the extractors compare
    /// lower-cased text with.
    pub fn lower_list(&self, name: &str) -> Vec<String> {
        self.list(name).iter().map(|w| w.to_lowercase()).collect()
    }

    /// Several lists, one after the other.
    pub fn joined_lists(&self, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .flat_map(|name| self.list(name).iter().cloned())
            .collect()
    }

    /// The labels of every header field (title, date, department, author,
    /// other header labels) plus `more` lists: what ends a header value.
    pub fn header_field_labels(&self, more: &[&str]) -> Vec<String> {
        let mut all = self.joined_lists(&[
            "title_labels",
            "date_labels",
            "department_labels",
            "author_labels",
            "header_labels",
        ]);
        all.extend(self.joined_lists(more));
        all
    }

    /// Names of all lists.
    pub fn list_names(&self) -> impl Iterator<Item = &str> {
        self.lists.keys().map(String::as_str)
    }

    fn merge_toml(&mut self, name: &str, source: &str, define: bool) -> Result<(), RulesError> {
        let invalid = |reason: String| RulesError::Invalid {
            path: name.to_string(),
            reason,
        };
        let table: toml::Table = source.parse().map_err(|e| invalid(format!("{e}")))?;
        for (key, value) in &table {
            if key == "remove" {
                let removals = value
                    .as_table()
                    .ok_or_else(|| invalid("[remove] must be a table of lists".into()))?;
                for (list, value) in removals {
                    let words = string_list(list, value).map_err(invalid)?;
                    let target = self
                        .lists
                        .get_mut(list)
                        .ok_or_else(|| invalid(format!("[remove] names unknown list `{list}`")))?;
                    target.retain(|w| !words.contains(w));
                }
                continue;
            }
            let words = string_list(key, value).map_err(invalid)?;
            self.merge_lists(name, [(key.clone(), words)], define)?;
        }
        Ok(())
    }

    /// Adds `lists` (name, words) to these rules: new words go to the end
    /// of a known list; an unknown name is an error unless `define`.
    fn merge_lists(
        &mut self,
        name: &str,
        lists: impl IntoIterator<Item = (String, Vec<String>)>,
        define: bool,
    ) -> Result<(), RulesError> {
        for (key, words) in lists {
            match self.lists.get_mut(&key) {
                Some(list) => {
                    for word in words {
                        if !list.contains(&word) {
                            list.push(word);
                        }
                    }
                }
                None if define => {
                    self.lists.insert(key, words);
                }
                None => {
                    let known: Vec<&str> = self.list_names().collect();
                    return Err(RulesError::Invalid {
                        path: name.to_string(),
                        reason: format!("unknown list `{key}`; known lists: {}", known.join(", ")),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The lists of a rules file written in the plain subset of TOML the
/// built-in files keep to: `name = [ "word", … ]` (trailing comma allowed),
/// comments and blank lines, strings without escapes, each name once.
/// `None` for anything else, which the toml crate then reads. Reading the
/// built-in files this way takes a tenth of the general parser's time,
/// which was a third of a one-file run's set-up; a test checks that both
/// readings agree on every built-in file.
fn plain_lists(source: &str) -> Option<Vec<(String, Vec<String>)>> {
    let mut rest = source;
    // Skips blanks, line ends and comments.
    let skip = |rest: &mut &str| loop {
        *rest = rest.trim_start();
        match rest.strip_prefix('#') {
            Some(comment) => *rest = comment.find('\n').map_or("", |end| &comment[end..]),
            None => return,
        }
    };
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    loop {
        skip(&mut rest);
        if rest.is_empty() {
            return Some(lists);
        }
        let key_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_end);
        let after = after.trim_start_matches([' ', '\t']).strip_prefix('=')?;
        rest = after.trim_start_matches([' ', '\t']).strip_prefix('[')?;
        if key.is_empty() || lists.iter().any(|(k, _)| k == key) {
            return None;
        }
        let mut words = Vec::new();
        loop {
            skip(&mut rest);
            if let Some(after) = rest.strip_prefix(']') {
                rest = after;
                break;
            }
            let (word, after) = rest.strip_prefix('"')?.split_once('"')?;
            if word.contains(['\\', '\n']) || word.trim().is_empty() {
                return None;
            }
            words.push(word.trim().to_string());
            rest = after;
            skip(&mut rest);
            match rest.strip_prefix(',') {
                Some(after) => rest = after,
                None if rest.starts_with(']') => {}
                None => return None,
            }
        }
        // The rest of the line may hold only a comment.
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let tail = rest[..line_end].trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        lists.push((key.to_string(), words));
    }
}

fn string_list(key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    let array = value
        .as_array()
        .ok_or_else(|| format!("`{key}` must be a list of strings"))?;
    array
        .iter()
        .map(|v| {
            v.as_str()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("`{key}` must contain only non-empty strings"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_have_paper_types() {
        let rules = Rules::builtin();
        assert!(rules
            .list("paper_types")
            .iter()
            .any(|t| t == "Beschlussvorlage"));
    }

    #[test]
    fn the_plain_reader_reads_every_built_in_file_as_toml_does() {
        for (name, source) in BUILTIN {
            let plain = plain_lists(source).unwrap_or_else(|| panic!("{name}: not plain"));
            let table: toml::Table = source.parse().unwrap();
            let mut general: Vec<(String, Vec<String>)> = table
                .iter()
                .map(|(k, v)| (k.clone(), string_list(k, v).unwrap()))
                .collect();
            let mut plain = plain;
            plain.sort();
            general.sort();
            assert_eq!(plain, general, "{name}");
        }
    }

    #[test]
    fn the_plain_reader_leaves_everything_else_to_toml() {
        let plain = plain_lists("# c\na = [\"x\", # c\n \" y \",]\n\nb=[]  # c\n").unwrap();
        assert_eq!(
            plain,
            [
                ("a".into(), vec!["x".into(), "y".into()]),
                ("b".into(), vec![])
            ]
        );
        for other in [
            "[remove]\na = [\"x\"]",
            "a = [\"x\\\"y\"]",
            "a = ['x']",
            "a = [\"x\"] b = [\"y\"]",
            "a = [\"x\"]\na = [\"y\"]",
            "a = [\"\"]",
            "a = \"x\"",
            "a = [\"x\"",
        ] {
            assert_eq!(plain_lists(other), None, "{other}");
        }
    }

    #[test]
    fn user_file_adds_and_removes() {
        let mut rules = Rules::builtin();
        rules
            .merge_toml(
                "user.toml",
                "paper_types = [\"Magistratsvorlage\"]\n[remove]\npaper_types = [\"Beschlussvorlage\"]\n",
                false,
            )
            .unwrap();
        let types = rules.list("paper_types");
        assert!(types.iter().any(|t| t == "Magistratsvorlage"));
        assert!(!types.iter().any(|t| t == "Beschlussvorlage"));
    }

    #[test]
    fn unknown_list_in_user_file_is_an_error() {
        let mut rules = Rules::builtin();
        let err = rules
            .merge_toml("user.toml", "paper_typos = [\"X\"]", false)
            .unwrap_err();
        assert!(err.to_string().contains("unknown list `paper_typos`"));
    }
}
