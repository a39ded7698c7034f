//! The bodies file (`ingest --bodies FILE`): one name per body.
//!
//! A body reaches a record from its folder (`landtag-bw` → "Landtag-Bw"),
//! from `--body`, or from the text ("Landtag von Baden-Württemberg"); the
//! bodies file maps any of these spellings to the one name the index
//! should hold:
//!
//! ```toml
//! # folder name or alias = canonical name
//! landtag-bw = "Landtag von Baden-Württemberg"
//! erlangen-stbr-buechenbach = "Erlangen"
//! "Stadt Karlsruhe" = "Karlsruhe"
//! ```
//!
//! Keys match ignoring letter case and the difference between spaces,
//! `-` and `_`; a body no key names is kept as it is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why a bodies file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BodiesError {
    /// The file could not be read.
    #[error("cannot read bodies file {path}: {source}")]
    Io {
        /// The bodies file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a TOML table of names.
    #[error("bodies file {path}: {reason}")]
    Invalid {
        /// The bodies file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Aliases of bodies and their canonical names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bodies {
    /// Folded alias → canonical name.
    names: HashMap<String, String>,
    /// The file it was read from (absolute), kept in the list of sources
    /// so that a rebuild applies it again.
    file: Option<PathBuf>,
}

impl Bodies {
    /// Reads a bodies file.
    pub fn load(path: &Path) -> Result<Bodies, BodiesError> {
        let text = std::fs::read_to_string(path).map_err(|source| BodiesError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let mut bodies = Bodies::parse(&text, &path.display().to_string())?;
        bodies.file = Some(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        Ok(bodies)
    }

    /// The file the names were read from, if they came from one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Parses the TOML of a bodies file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Bodies, BodiesError> {
        let invalid = |reason: String| BodiesError::Invalid {
            path: origin.to_string(),
            reason,
        };
        let table: toml::Table = text.parse().map_err(|e| invalid(format!("{e}")))?;
        let mut names = HashMap::new();
        for (alias, value) in table {
            let Some(name) = value.as_str().map(str::trim).filter(|n| !n.is_empty()) else {
                return Err(invalid(format!(
                    "{alias:?}: expected a body name in quotes, as in `{alias} = \"Name\"`"
                )));
            };
            names.insert(fold(&alias), name.to_string());
        }
        Ok(Bodies { names, file: None })
    }

    /// The canonical name of `body`: the bodies file's name for it, else
    /// `body` itself.
    pub fn resolve(&self, body: &str) -> String {
        self.names
            .get(&fold(body))
            .cloned()
            .unwrap_or_else(|| body.to_string())
    }

    /// Whether the file named no body.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Lower-case, with spaces and `_` as `-`, whitespace collapsed.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .replace('_', "-")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_one_name() {
        let bodies = Bodies::parse(
            "landtag-bw = \"Landtag von Baden-Württemberg\"\n\"Stadt Karlsruhe\" = \"Karlsruhe\"\n",
            "test",
        )
        .unwrap();
        assert_eq!(
            bodies.resolve("Landtag-Bw"),
            "Landtag von Baden-Württemberg"
        );
        assert_eq!(
            bodies.resolve("landtag_bw"),
            "Landtag von Baden-Württemberg"
        );
        assert_eq!(bodies.resolve("stadt  karlsruhe"), "Karlsruhe");
        assert_eq!(bodies.resolve("Erfurt"), "Erfurt");
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let err = Bodies::parse("a = 1\n", "f.toml").unwrap_err().to_string();
        assert!(err.contains("f.toml") && err.contains("\"a\""), "{err}");
        assert!(Bodies::parse("a = ", "f.toml").is_err());
        assert!(Bodies::parse("", "f.toml").unwrap().is_empty());
    }
}
