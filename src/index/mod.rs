//! The tantivy index: opening it, writing records, searching them.
//!
//! [`RatsIndex`] opens (or creates) an index directory and registers the
//! analyzers on every open, since tantivy does not persist them.
//! [`document`] turns records into documents, [`writer`] upserts them;
//! [`search`] answers queries. Nothing here parses documents.

pub mod check;
pub mod compound;
pub mod document;
pub mod merge;
pub mod pread;
pub mod schema;
pub mod search;
pub mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::Index;

pub use schema::Fields;

/// Errors from the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at that location.
    #[error("no index at {0} (run `ratsindex ingest` first)")]
    Missing(PathBuf),
    /// The index was made with another schema.
    #[error("the index at {path} was built with another schema version ({found}); delete it and ingest again")]
    SchemaMismatch {
        /// The index directory.
        path: PathBuf,
        /// What the directory says.
        found: String,
    },
    /// The index's files are there but cannot be read (its last commit,
    /// `meta.json`, missing or damaged).
    #[error("the index at {} is damaged: {reason}; run `ratsindex ingest --rebuild --index {}` to make it anew", path.display(), path.display())]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What is wrong, in words.
        reason: String,
    },
    /// The directory holds other files and no index: writing tantivy's
    /// files among them would mix the two.
    #[error("{0} is not empty and holds no ratsindex index; give --index a new or empty folder")]
    NotAnIndex(PathBuf),
    /// The disk holding the index ran out of space while writing.
    #[error("the disk holding the index at {0} is full; free space and run again (the index is as of its last commit)")]
    DiskFull(PathBuf),
    /// Another process holds the index writer lock.
    #[error("another ratsindex process is writing to the index at {0}; wait for it to finish")]
    Locked(PathBuf),
    /// A query that cannot be parsed.
    #[error("cannot understand the query: {0}")]
    Query(String),
    /// An I/O error on the index directory.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing.
        context: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Any other tantivy error.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A stored record that does not parse.
    #[error("stored record is damaged: {0}")]
    Record(#[from] serde_json::Error),
}

/// Result type of this module.
pub type Result<T> = std::result::Result<T, IndexError>;

const VERSION_FILE: &str = "ratsindex-schema-version";

/// What a creation that stopped before `meta.json` may leave in an index
/// folder: such a folder is taken as empty.
const CREATION_LEFTOVERS: &[&str] = &[
    VERSION_FILE,
    // What `ingest --rebuild` keeps of an index it makes anew.
    crate::ingest::sources::SOURCES_FILE,
    ".tantivy-meta.lock",
    ".tantivy-writer.lock",
    ".managed.json",
    // Placeholders that keep an empty folder in a repository (the
    // repository's own `index/` holds one).
    ".gitkeep",
    ".keep",
    // The OCR cache (see `crate::source::ocr::cache`) outlives the index:
    // an index rebuilt in the same folder OCRs nothing again.
    "ocr-cache",
];

/// An open ratsindex index.
#[derive(Clone)]
pub struct RatsIndex {
    index: Index,
    fields: Fields,
    dir: PathBuf,
}

impl RatsIndex {
    /// Opens the index in `dir`, creating it (and the directory) if there is
    /// none yet. A directory with other files and no index is refused
    /// ([`IndexError::NotAnIndex`]).
    pub fn open_or_create(dir: &Path) -> Result<RatsIndex> {
        if dir.join("meta.json").exists() {
            return RatsIndex::open(dir);
        }
        let io = |context: &str| {
            let context = format!("{context} {}", dir.display());
            move |source| IndexError::Io { context, source }
        };
        if let Ok(entries) = fs::read_dir(dir) {
            for entry in entries {
                let name = entry
                    .map_err(io("cannot read index directory"))?
                    .file_name();
                if !CREATION_LEFTOVERS.iter().any(|l| name == *l) {
                    return Err(IndexError::NotAnIndex(dir.to_path_buf()));
                }
            }
        }
        fs::create_dir_all(dir).map_err(io("cannot create index directory"))?;
        // The version first: a creation that fails half-way leaves a
        // folder the next run creates the index in, not one of an
        // "unknown" schema.
        fs::write(dir.join(VERSION_FILE), schema::SCHEMA_VERSION.to_string())
            .map_err(io("cannot write to index directory"))?;
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        Ok(RatsIndex::with_analyzers(index, fields, dir))
    }

    /// Opens an existing index; an error if there is none.
    pub fn open(dir: &Path) -> Result<RatsIndex> {
        if !dir.join("meta.json").exists() {
            if RatsIndex::holds_index_files(dir) {
                return Err(IndexError::Damaged {
                    path: dir.to_path_buf(),
                    reason: "its last commit (meta.json) is missing".into(),
                });
            }
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        let found = fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        if found.trim() != schema::SCHEMA_VERSION.to_string() {
            return Err(IndexError::SchemaMismatch {
                path: dir.to_path_buf(),
                found: if found.trim().is_empty() {
                    "unknown".into()
                } else {
                    found.trim().to_string()
                },
            });
        }
        let index = Index::open_in_dir(dir).map_err(|e| match e {
            // Opening reads nothing but the last commit.
            tantivy::TantivyError::DataCorruption(_) => IndexError::Damaged {
                path: dir.to_path_buf(),
                reason: "its last commit (meta.json) cannot be read".into(),
            },
            other => IndexError::Tantivy(other),
        })?;
        let (_, fields) = schema::build();
        Ok(RatsIndex::with_analyzers(index, fields, dir))
    }

    /// Whether `dir` holds files only an index leaves: segment files or
    /// the list of sources.
    fn holds_index_files(dir: &Path) -> bool {
        let Ok(entries) = fs::read_dir(dir) else {
            return false;
        };
        entries.filter_map(|e| e.ok()).any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name == crate::ingest::sources::SOURCES_FILE
                || [".store", ".term", ".idx", ".fast"]
                    .iter()
                    .any(|ending| name.ends_with(ending))
        })
    }

    /// Opens an existing index to walk all its stored documents once
    /// (`export`): the document store is read into buffers rather than
    /// memory-mapped ([`pread::StoreReadDirectory`]), so the resident
    /// memory does not grow with the index.
    pub fn open_for_streaming(dir: &Path) -> Result<RatsIndex> {
        // The same checks (an index, of this schema) as `open`.
        drop(RatsIndex::open(dir)?);
        let index = Index::open(pread::StoreReadDirectory::open(dir)?)?;
        let (_, fields) = schema::build();
        Ok(RatsIndex::with_analyzers(index, fields, dir))
    }

    fn with_analyzers(index: Index, fields: Fields, dir: &Path) -> RatsIndex {
        schema::register_analyzers(&index);
        RatsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        }
    }

    /// The tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// A reader of the last commit that does not watch the directory.
    ///
    /// tantivy's default reader reloads itself from a background thread
    /// after every commit; nothing here needs that (each command and each
    /// ingest step takes the snapshot it wants), and a reload racing
    /// with a file being changed under the index reads a half-written
    /// file through its memory map, which ends the process with SIGBUS.
    pub fn reader(&self) -> Result<tantivy::IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?)
    }

    /// The schema's field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Normalised lookup keys for a paper number, so that "DS 1822/24",
/// "1822/24" and "VO/7605/2020" or "7605/2020" find the same paper: the
/// number lower-cased without spaces, and the number without a leading
/// letter prefix.
pub fn reference_keys(reference: &str) -> Vec<String> {
    let compact: String = reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut keys = vec![compact.clone()];
    let digits_from = compact.find(|c: char| c.is_ascii_digit());
    if let Some(i) = digits_from {
        let bare = compact[i..].to_string();
        if !keys.contains(&bare) {
            keys.push(bare);
        }
    }
    keys
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` date; `None` if malformed.
pub fn days_from_iso_date(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_keys_strip_prefixes_and_spaces() {
        assert_eq!(reference_keys("1822/24"), vec!["1822/24"]);
        assert_eq!(
            reference_keys("VO/7605/2020"),
            vec!["vo/7605/2020", "7605/2020"]
        );
        assert_eq!(reference_keys("DS 1306/24"), vec!["ds1306/24", "1306/24"]);
    }

    #[test]
    fn days_from_iso_dates() {
        assert_eq!(days_from_iso_date("1970-01-01"), Some(0));
        assert_eq!(days_from_iso_date("2024-10-22"), Some(20_018));
        assert_eq!(days_from_iso_date("2000-03-01"), Some(11_017));
        assert_eq!(days_from_iso_date("2024-13-01"), None);
        assert_eq!(days_from_iso_date("x"), None);
    }
}
