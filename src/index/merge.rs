//! Merging indexes built from disjoint sets of papers ("shards", one per
//! machine or per partition of a cluster job) into one new index.
//!
//! The merge is tantivy's ([`tantivy::indexer::merge_indices`]): the live
//! documents of every segment of every shard are rewritten into one
//! segment of a new index; deleted documents are dropped. A search ranks
//! with statistics summed over all segments (document count, document
//! frequencies, field lengths), so the merged index scores every document
//! as an index built in one run from the same papers does — as long as
//! each paper is in one shard only, which [`merge`] checks (a document id
//! in two shards is refused: the same content ingested twice would be two
//! documents).
//!
//! Refused before anything is written: a shard of another schema version
//! ([`super::IndexError::SchemaMismatch`]), shards with different schemas,
//! an output folder that exists and is not empty. The new index is built
//! in a hidden folder beside the output and renamed into place at the
//! end, so a failed or killed merge leaves no half index at the output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::directory::MmapDirectory;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use super::{schema, IndexError, RatsIndex, VERSION_FILE};

/// Why a merge was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no shards given")]
    NoShards,
    /// The output exists and holds files.
    #[error("{0} exists and is not empty; give a new or empty folder")]
    OutNotEmpty(PathBuf),
    /// The same path given twice (its documents would be in twice).
    #[error("{0} is given twice")]
    SameShard(PathBuf),
    /// A shard cannot be opened: missing, another schema version, damaged.
    #[error("shard {path}: {source}")]
    Shard {
        /// The shard.
        path: PathBuf,
        /// Why.
        source: IndexError,
    },
    /// A paper is in two shards: the shards were not built from disjoint
    /// sets of papers.
    #[error(
        "document {id} is in both {} and {}: shards must hold disjoint sets of papers \
         (split the input by content, as the Spark job does, or ingest the overlap once)",
        first.display(), second.display()
    )]
    Overlap {
        /// The document id.
        id: String,
        /// The first shard holding it.
        first: PathBuf,
        /// The second.
        second: PathBuf,
    },
    /// Writing the merged index failed (the output is left as it was).
    #[error("cannot write the merged index at {path}: {source}")]
    Write {
        /// The output.
        path: PathBuf,
        /// Why.
        source: IndexError,
    },
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MergeReport {
    /// Shards merged.
    pub shards: usize,
    /// Segments read from them.
    pub segments: usize,
    /// Live documents in the shards, and so in the merged index.
    pub documents: u64,
    /// Bytes of the merged index on disk.
    pub index_bytes: u64,
    /// Wall time, seconds.
    pub elapsed_s: f64,
}

/// Merges `shards` into a new index at `out` (see the module docs).
pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<MergeReport, MergeError> {
    let start = Instant::now();
    if shards.is_empty() {
        return Err(MergeError::NoShards);
    }
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(MergeError::OutNotEmpty(out.to_path_buf()));
    }
    let mut opened = Vec::with_capacity(shards.len());
    for (n, path) in shards.iter().enumerate() {
        let same = |other: &PathBuf| match (other.canonicalize(), path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => other == path,
        };
        if shards[..n].iter().any(same) {
            return Err(MergeError::SameShard(path.clone()));
        }
        let shard_error = |source| MergeError::Shard {
            path: path.clone(),
            source,
        };
        let index = RatsIndex::open(path).map_err(shard_error)?;
        if index.index().schema() != schema::build().0 {
            return Err(shard_error(IndexError::SchemaMismatch {
                path: path.clone(),
                found: "a schema other than this version's under the same number".into(),
            }));
        }
        opened.push(index);
    }
    // Every paper in one shard only.
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut documents = 0u64;
    let mut segments = 0;
    for (n, index) in opened.iter().enumerate() {
        let (ids, segment_count) = live_ids(index).map_err(|source| MergeError::Shard {
            path: shards[n].clone(),
            source,
        })?;
        segments += segment_count;
        documents += ids.len() as u64;
        for id in ids {
            if let Some(first) = owner.insert(id.clone(), n) {
                return Err(MergeError::Overlap {
                    id,
                    first: shards[first].clone(),
                    second: shards[n].clone(),
                });
            }
        }
    }
    let write_error = |source| MergeError::Write {
        path: out.to_path_buf(),
        source,
    };
    let building = building_dir(out);
    let _ = std::fs::remove_dir_all(&building);
    let built = build(&building, &opened, documents);
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&building);
        return Err(write_error(e));
    }
    // An empty output folder is replaced; renaming onto it needs it gone.
    if out.is_dir() {
        let _ = std::fs::remove_dir(out);
    }
    if let Err(source) = std::fs::rename(&building, out) {
        let _ = std::fs::remove_dir_all(&building);
        return Err(write_error(IndexError::Io {
            context: format!("cannot move {} into place", building.display()),
            source,
        }));
    }
    let merged = RatsIndex::open(out).map_err(write_error)?;
    let found = super::search::document_count(&merged).map_err(write_error)?;
    if found != documents {
        return Err(write_error(IndexError::Io {
            context: "the merged index does not hold every document".into(),
            source: std::io::Error::other(format!("{found} of {documents} documents")),
        }));
    }
    Ok(MergeReport {
        shards: shards.len(),
        segments,
        documents,
        index_bytes: super::search::directory_size(out),
        elapsed_s: start.elapsed().as_secs_f64(),
    })
}

/// The hidden folder beside `out` the merged index is built in.
fn building_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.merging-{}", std::process::id()))
}

/// Writes the merged index of `shards` into the new folder `dir`.
fn build(dir: &Path, shards: &[RatsIndex], documents: u64) -> super::Result<()> {
    let io = |context: &str| {
        let context = format!("{context} {}", dir.display());
        move |source| IndexError::Io { context, source }
    };
    if documents == 0 {
        // tantivy merges segments, and there are none: an empty index.
        RatsIndex::open_or_create(dir)?;
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(io("cannot create"))?;
    std::fs::write(dir.join(VERSION_FILE), schema::SCHEMA_VERSION.to_string())
        .map_err(io("cannot write to"))?;
    let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
        context: format!("cannot open {}", dir.display()),
        source: std::io::Error::other(e.to_string()),
    })?;
    let indexes: Vec<tantivy::Index> = shards.iter().map(|s| s.index().clone()).collect();
    tantivy::indexer::merge_indices(&indexes, directory)
        .map_err(|e| super::writer::writer_error(dir, e))?;
    Ok(())
}

/// The ids of the live documents of `index` (from the `id` postings and
/// the segments' deletes) and its number of segments.
pub fn live_ids(index: &RatsIndex) -> super::Result<(Vec<String>, usize)> {
    let field = index.fields().id;
    let searcher: tantivy::Searcher = index.reader()?.searcher();
    let io = |source| IndexError::Io {
        context: format!("cannot read the document ids of {}", index.dir().display()),
        source,
    };
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        let mut terms = inverted.terms().stream().map_err(io)?;
        while terms.advance() {
            let mut postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                .map_err(io)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    ids.push(String::from_utf8_lossy(terms.key()).into_owned());
                    break;
                }
                doc = postings.advance();
            }
        }
    }
    Ok((ids, searcher.segment_readers().len()))
}
