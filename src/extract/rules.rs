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
            rules
                .merge_toml(name, source, true)
                .unwrap_or_else(|e| panic!("built-in rules are invalid: {e}"));
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
            match self.lists.get_mut(key) {
                Some(list) => {
                    for word in words {
                        if !list.contains(&word) {
                            list.push(word);
                        }
                    }
                }
                None if define => {
                    self.lists.insert(key.clone(), words);
                }
                None => {
                    let known: Vec<&str> = self.list_names().collect();
                    return Err(invalid(format!(
                        "unknown list `{key}`; known lists: {}",
                        known.join(", ")
                    )));
                }
            }
        }
        Ok(())
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
