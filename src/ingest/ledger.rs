//! What an ingest knows about files and documents, and the decisions
//! taken from it.
//!
//! The identity rule: a document is a *content* — its id is the hash
//! prefix of the file's bytes ([`crate::record::document_id`]). The same
//! bytes at two paths are one document that lists both paths (in the
//! `source_file` field; `source.path` of its record is the smallest of
//! them). A path whose bytes change now belongs to another document: the
//! path moves to the new content's document, and the old document is
//! deleted once no path holds it any more.
//!
//! [`Catalog`] is the read-only snapshot taken from the index at the start
//! (shared by the worker threads, which use it to skip unchanged files
//! without reading them). [`Ledger`] is the writer thread's live copy: it
//! applies each file's [`Outcome`], writes through the [`IndexSink`], and
//! at the end prunes vanished files and rewrites the documents whose list
//! of paths changed ([`Ledger::finish`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use tantivy::schema::TantivyDocument;

use crate::error::FileError;
use crate::index::document::to_document;
use crate::index::writer::{last_commit, stored_record, FileStamp, IndexSink, SourceFile};
use crate::index::{RatsIndex, Result};
use crate::source::{path_from_text, path_text};

/// What `--prune` would forget below one given path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vanished {
    /// The given path.
    pub root: PathBuf,
    /// Files the index knows below it.
    pub known: usize,
    /// Of those, the ones that no longer exist, sorted.
    pub gone: Vec<String>,
}

/// Whether the file of a key is certainly gone (not merely unreadable).
fn is_gone(key: &str) -> bool {
    matches!(std::fs::symlink_metadata(path_from_text(key)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// What a worker found out about one file.
#[derive(Debug)]
pub enum Outcome {
    /// Same size and modification time as recorded (or, with checksums,
    /// the same content): nothing to do.
    Unchanged {
        /// The file's key (its path as found).
        path: String,
    },
    /// Same content as recorded, but a new size/time stamp to remember.
    Restamp(SourceFile),
    /// The file's content, and its document if it had to be extracted
    /// (`None` when the content was already in the index).
    Content(SourceFile, Option<Box<TantivyDocument>>),
    /// The file could not be read or extracted.
    Failed(FileError),
    /// A session bundle's content, extracted into its papers: the first
    /// paper's document holds the file (as [`Outcome::Content`] does);
    /// the others, by their own ids, are written beside it and go with it
    /// (see [`crate::bundle`]).
    Bundle(SourceFile, Vec<(String, TantivyDocument)>),
}

/// The index's files at the start of a run, for the workers.
#[derive(Debug, Default)]
pub struct Catalog {
    by_path: HashMap<String, Vec<(String, FileStamp)>>,
    ids: HashSet<String>,
}

impl Catalog {
    /// Builds the snapshot from the index's source files.
    pub fn new(files: &[SourceFile]) -> Catalog {
        let mut catalog = Catalog::default();
        for file in files {
            catalog
                .by_path
                .entry(file.path.clone())
                .or_default()
                .push((file.id.clone(), file.stamp));
            catalog.ids.insert(file.id.clone());
        }
        catalog
    }

    /// The document that alone holds `path`, with its stamp. A path
    /// claimed by two documents (a run stopped half-way) has none, so it is
    /// read again.
    pub fn sole_claim(&self, path: &str) -> Option<&(String, FileStamp)> {
        match self.by_path.get(path).map(Vec::as_slice) {
            Some([only]) => Some(only),
            _ => None,
        }
    }

    /// What an incremental run does with a file whose content (`found.id`)
    /// is known without extracting it: unchanged or restamped when the
    /// path already holds this content, one more path of a document the
    /// index has; `Err(found)` when it must be extracted. Used for files
    /// read by a worker and for records read from `extract`'s lines alike.
    pub fn settle(&self, found: SourceFile) -> std::result::Result<Outcome, SourceFile> {
        if let Some((known_id, known_stamp)) = self.sole_claim(&found.path) {
            if *known_id == found.id {
                return Ok(if *known_stamp == found.stamp {
                    Outcome::Unchanged { path: found.path }
                } else {
                    Outcome::Restamp(found)
                });
            }
        }
        if self.has_document(&found.id) {
            return Ok(Outcome::Content(found, None));
        }
        Err(found)
    }

    /// Whether a document with this id is in the index.
    pub fn has_document(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// How many documents the index had.
    pub fn documents(&self) -> usize {
        self.ids.len()
    }
}

/// How one outcome counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// A file the index did not know, with new content.
    New,
    /// A known path whose content changed.
    Updated,
    /// A known path with the same content.
    Unchanged,
    /// A new path whose content is already in the index (same paper).
    Duplicate,
    /// The file failed.
    Failed,
}

/// The writer thread's view of documents and their files.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Document id → its paths and their stamps.
    docs: HashMap<String, BTreeMap<String, FileStamp>>,
    /// Path → the documents claiming it (one, except after a crash).
    claims: HashMap<String, Vec<String>>,
    /// Documents written in this run.
    written: HashSet<String>,
    /// Documents whose list of paths changed after (or without) being
    /// written in this run: rewritten or deleted by [`Ledger::finish`].
    dirty: BTreeSet<String>,
    /// Paths met in this run.
    seen: HashSet<String>,
    /// Documents written since the last commit.
    pending: usize,
    /// Ids that may be in the index from before this run (see
    /// [`crate::index::writer::document_ids`]); others are added without a
    /// delete.
    existing: HashSet<String>,
}

impl Ledger {
    /// Starts from the index's source files and document ids.
    pub fn new(files: Vec<SourceFile>, existing: HashSet<String>) -> Ledger {
        let mut ledger = Ledger {
            existing,
            ..Ledger::default()
        };
        for file in files {
            let claims = ledger.claims.entry(file.path.clone()).or_default();
            if !claims.contains(&file.id) {
                claims.push(file.id.clone());
            }
            ledger
                .docs
                .entry(file.id)
                .or_default()
                .insert(file.path, file.stamp);
        }
        ledger
    }

    /// The documents claiming `path` (none once it is forgotten).
    pub fn claims_of(&self, path: &str) -> Vec<String> {
        self.claims.get(path).cloned().unwrap_or_default()
    }

    /// Documents written since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Call after each commit.
    pub fn committed(&mut self) {
        self.pending = 0;
    }

    /// Applies one file's outcome, writing to `sink` where needed.
    pub fn apply(&mut self, outcome: Outcome, sink: &mut IndexSink) -> Result<Counted> {
        match outcome {
            Outcome::Bundle(file, docs) => {
                let mut docs = docs.into_iter();
                let Some((_, first)) = docs.next() else {
                    return self.apply(Outcome::Content(file, None), sink);
                };
                let fresh = !self.written.contains(&file.id);
                let counted = self.apply(Outcome::Content(file, Some(Box::new(first))), sink)?;
                if fresh {
                    for (id, doc) in docs {
                        // Upserted by their own ids; no file claims them.
                        sink.upsert_document(&id, doc, &[])?;
                        self.pending += 1;
                    }
                }
                Ok(counted)
            }
            Outcome::Unchanged { path } => {
                self.seen.insert(path);
                Ok(Counted::Unchanged)
            }
            Outcome::Failed(err) => {
                self.seen.insert(path_text(&err.path));
                Ok(Counted::Failed)
            }
            Outcome::Restamp(file) => {
                self.seen.insert(file.path.clone());
                self.detach(&file.path, Some(&file.id));
                self.attach(&file);
                self.dirty.insert(file.id);
                Ok(Counted::Unchanged)
            }
            Outcome::Content(file, doc) => {
                self.seen.insert(file.path.clone());
                let before = self.claims.get(&file.path).cloned().unwrap_or_default();
                let existed = self.docs.contains_key(&file.id);
                self.detach(&file.path, Some(&file.id));
                self.attach(&file);
                let counted = if before.contains(&file.id) {
                    Counted::Unchanged
                } else if !before.is_empty() {
                    Counted::Updated
                } else if existed {
                    Counted::Duplicate
                } else {
                    Counted::New
                };
                match doc {
                    Some(doc) if !self.written.contains(&file.id) => {
                        let files = self.files_of(&file.id);
                        if self.existing.contains(&file.id) {
                            sink.upsert_document(&file.id, *doc, &files)?;
                        } else {
                            sink.add_document(*doc, &files)?;
                        }
                        self.written.insert(file.id.clone());
                        self.pending += 1;
                        if files.len() > 1 {
                            // `source.path` must become the smallest path.
                            self.dirty.insert(file.id);
                        } else {
                            self.dirty.remove(&file.id);
                        }
                    }
                    _ => {
                        self.dirty.insert(file.id);
                    }
                }
                Ok(counted)
            }
        }
    }

    /// For each root, how many known files lie below it and which of them
    /// no longer exist (what `--prune` would forget), before anything is
    /// written: the plan the prune limits are checked against.
    pub fn vanished(&self, roots: &[PathBuf]) -> Vec<Vanished> {
        roots
            .iter()
            .map(|root| {
                let mut known = 0;
                let mut gone: Vec<String> = self
                    .claims
                    .keys()
                    .filter(|path| path_from_text(path).starts_with(root))
                    .inspect(|_| known += 1)
                    .filter(|path| is_gone(path))
                    .cloned()
                    .collect();
                gone.sort();
                Vanished {
                    root: root.clone(),
                    known,
                    gone,
                }
            })
            .collect()
    }

    /// Forgets the `gone` files (from [`Ledger::vanished`]) that were not
    /// met in this run and still do not exist; returns how many. A file
    /// that vanished during the run is forgotten by the next one.
    pub fn prune(&mut self, gone: &[String]) -> usize {
        let mut removed = 0;
        for path in gone {
            if self.seen.contains(path) || !self.claims.contains_key(path) || !is_gone(path) {
                continue;
            }
            self.detach(path, None);
            self.claims.remove(path);
            removed += 1;
        }
        removed
    }

    /// Rewrites every document whose paths changed (from its stored record,
    /// without extracting again) and deletes those left without a path.
    /// Everything written before must be committed, so that the stored
    /// records are visible. Returns how many documents were deleted.
    pub fn finish(&mut self, index: &RatsIndex, sink: &mut IndexSink) -> Result<usize> {
        let searcher = last_commit(index)?;
        let mut deleted = 0;
        for id in std::mem::take(&mut self.dirty) {
            let files = self.files_of(&id);
            let Some(first) = files.first() else {
                sink.delete(&id);
                self.docs.remove(&id);
                deleted += 1;
                continue;
            };
            let Some(mut record) = stored_record(index, &searcher, &id)? else {
                continue;
            };
            record.source.path = first.path.clone();
            let doc = to_document(index, &record)?;
            sink.upsert_document(&id, doc, &files)?;
            self.pending += 1;
        }
        Ok(deleted)
    }

    /// Removes `path` from every document claiming it except `keep`.
    fn detach(&mut self, path: &str, keep: Option<&str>) {
        let Some(claims) = self.claims.get_mut(path) else {
            return;
        };
        let others: Vec<String> = claims
            .iter()
            .filter(|id| Some(id.as_str()) != keep)
            .cloned()
            .collect();
        claims.retain(|id| Some(id.as_str()) == keep);
        for id in others {
            if let Some(paths) = self.docs.get_mut(&id) {
                paths.remove(path);
            }
            self.dirty.insert(id);
        }
    }

    fn attach(&mut self, file: &SourceFile) {
        let claims = self.claims.entry(file.path.clone()).or_default();
        if !claims.contains(&file.id) {
            claims.push(file.id.clone());
        }
        self.docs
            .entry(file.id.clone())
            .or_default()
            .insert(file.path.clone(), file.stamp);
    }

    /// The files of document `id`, smallest path first.
    fn files_of(&self, id: &str) -> Vec<SourceFile> {
        self.docs
            .get(id)
            .map(|paths| {
                paths
                    .iter()
                    .map(|(path, stamp)| SourceFile {
                        id: id.to_string(),
                        path: path.clone(),
                        stamp: *stamp,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn file(id: &str, path: &str, size: u64) -> SourceFile {
        SourceFile {
            id: id.into(),
            path: path.into(),
            stamp: FileStamp { size, mtime_ns: 1 },
        }
    }

    #[test]
    fn a_path_claimed_twice_has_no_sole_claim() {
        let catalog = Catalog::new(&[
            file("a", "x.txt", 1),
            file("b", "x.txt", 2),
            file("a", "y.txt", 1),
        ]);
        assert_eq!(catalog.sole_claim("x.txt"), None);
        assert_eq!(
            catalog.sole_claim("y.txt").map(|(id, _)| id.as_str()),
            Some("a")
        );
        assert!(catalog.has_document("b"));
        assert_eq!(catalog.documents(), 2);
    }

    #[test]
    fn prune_only_forgets_unseen_vanished_files_below_the_roots() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        std::fs::create_dir(&root).unwrap();
        let kept = root.join("kept.txt");
        std::fs::write(&kept, "x").unwrap();
        let path = |p: &Path| p.to_string_lossy().into_owned();
        let gone = path(&root.join("gone.txt"));
        let elsewhere = path(&dir.path().join("other/gone.txt"));
        let mut ledger = Ledger::new(
            vec![
                file("a", &path(&kept), 1),
                file("b", &gone, 1),
                file("c", &elsewhere, 1),
            ],
            HashSet::new(),
        );
        let plan = ledger.vanished(std::slice::from_ref(&root));
        assert_eq!(plan.len(), 1);
        assert_eq!(
            (plan[0].known, plan[0].gone.clone()),
            (2, vec![gone.clone()])
        );
        assert_eq!(ledger.prune(&plan[0].gone), 1);
        assert!(ledger.docs["b"].is_empty());
        assert!(ledger.dirty.contains("b"));
        assert_eq!(ledger.docs["a"].len(), 1);
        assert_eq!(ledger.docs["c"].len(), 1);
    }
}
