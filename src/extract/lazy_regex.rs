//! Patterns compiled on their first use.
//!
//! Compiling the rules is most of the fixed cost of a one-file `extract`;
//! many patterns run only where their cue words are in the text (the
//! actors' cued patterns), so a paper without them never needs them
//! compiled. A [`LazyRegex`] checks its pattern's syntax when the rules
//! are built, so a bad rule is still an error at start, and compiles the
//! pattern the first time it is searched with (once, shared by threads).

use std::sync::OnceLock;

use regex::Regex;

/// Patterns longer than this are compiled at once: only they could pass
/// the syntax check and still exceed the compiled-size limit (long lists
/// from a user's rules file), which must be an error at start, not later.
const EAGER_ABOVE: usize = 20_000;

/// A regular expression compiled when first used.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// Checks `source`'s syntax (or compiles it, if it is long).
    pub fn new(source: String) -> Result<LazyRegex, String> {
        let compiled = OnceLock::new();
        if source.len() > EAGER_ABOVE {
            let regex = Regex::new(&source).map_err(|e| e.to_string())?;
            let _ = compiled.set(Some(regex));
        } else {
            regex_automata::util::syntax::parse(&source).map_err(|e| e.to_string())?;
        }
        Ok(LazyRegex { source, compiled })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled pattern; `None` (with a warning on stderr, once) if it
    /// cannot be compiled after all, which the syntax check and
    /// [`EAGER_ABOVE`] leave to patterns no rules file makes.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| match Regex::new(&self.source) {
                Ok(regex) => Some(regex),
                Err(e) => {
                    eprintln!(
                        "warning: a rule pattern cannot be compiled and matches nothing: {e}"
                    );
                    None
                }
            })
            .as_ref()
    }
}

impl Clone for LazyRegex {
    fn clone(&self) -> LazyRegex {
        let compiled = OnceLock::new();
        if let Some(done) = self.compiled.get() {
            let _ = compiled.set(done.clone());
        }
        LazyRegex {
            source: self.source.clone(),
            compiled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_syntax_is_an_error_at_once_and_good_patterns_compile_on_use() {
        assert!(LazyRegex::new("(?:unclosed".into()).is_err());
        let lazy = LazyRegex::new(r"Aus\w*schuss".into()).unwrap();
        assert!(lazy.compiled.get().is_none());
        let found = lazy.get().unwrap().find("im Ausschuss").unwrap();
        assert_eq!(found.as_str(), "Ausschuss");
        assert!(lazy.clone().compiled.get().is_some());
    }
}
