//! Errors that name the file and the pipeline stage they happened in.
//!
//! One bad file never stops a run: every per-file problem becomes a
//! [`FileError`] carrying the path, the [`Stage`] and a human-readable
//! reason; the caller prints it (`path: stage: reason`) and goes on.

use std::fmt;
use std::path::{Path, PathBuf};

/// The pipeline stage in which a file failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Opening or reading the file from disk.
    Read,
    /// Turning bytes into text (encoding detection, binary input).
    Decode,
    /// Parsing a PDF and taking the text out of it.
    Pdf,
    /// Parsing an HTML page.
    Html,
    /// Reading a Word, OpenDocument or RTF file.
    Office,
    /// Rule-based field extraction.
    Extract,
    /// Writing to the index.
    Index,
}

impl Stage {
    /// The stage's name as printed in messages and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Decode => "decode",
            Stage::Pdf => "pdf",
            Stage::Html => "html",
            Stage::Office => "office",
            Stage::Extract => "extract",
            Stage::Index => "index",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure to process one file: which file, which stage, why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{}: {stage}: {reason}", path.display())]
pub struct FileError {
    /// The file as it was given or found.
    #[serde(serialize_with = "crate::source::serialize_path")]
    pub path: PathBuf,
    /// Where in the pipeline it failed.
    pub stage: Stage,
    /// What went wrong, in words a user can act on.
    pub reason: String,
}

impl FileError {
    /// Builds an error for `path` at `stage`.
    pub fn new(path: &Path, stage: Stage, reason: impl Into<String>) -> FileError {
        FileError {
            path: path.to_path_buf(),
            stage,
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_path_stage_and_reason() {
        let err = FileError::new(Path::new("a/b.pdf"), Stage::Pdf, "encrypted");
        assert_eq!(err.to_string(), "a/b.pdf: pdf: encrypted");
    }
}
