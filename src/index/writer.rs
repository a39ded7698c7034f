//! Writing records into the index, and what the index knows about the
//! files its documents came from.
//!
//! A record becomes one tantivy document
//! ([`super::document::to_document`]); an upsert is
//! `delete_term(id)` plus `add_document`, so writing the same content twice
//! leaves one document. Nothing is visible until [`IndexSink::commit`];
//! tantivy commits are atomic, so a crash rolls back to the last commit.
//!
//! Each document also carries one [`SourceFile`] per path at which its
//! content was found (path, size, modification time), in the fast field
//! `source_file`. [`source_files`] reads them back for the whole index
//! without touching stored documents, which is what lets an incremental
//! ingest skip unchanged files cheaply.

use std::collections::HashSet;
use std::path::Path;
use std::time::SystemTime;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{IndexWriter, Searcher, Term};

use super::document::to_document;
use super::{IndexError, RatsIndex, Result};
use crate::record::Record;

/// Default memory budget of the index writer (bytes, all threads).
pub const DEFAULT_WRITER_HEAP: usize = 256 * 1024 * 1024;

/// Size and modification time of a file: if both are what the index
/// recorded, the file is taken to be unchanged without reading it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FileStamp {
    /// Length in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since 1970 (0 if unknown).
    pub mtime_ns: u64,
}

impl FileStamp {
    /// The stamp of a file from its metadata.
    pub fn from_metadata(meta: &std::fs::Metadata) -> FileStamp {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
            .unwrap_or(0);
        FileStamp {
            size: meta.len(),
            mtime_ns,
        }
    }
}

/// One file whose content is the document `id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceFile {
    /// The document id ([`crate::record::document_id`] of the content).
    pub id: String,
    /// The path as found while walking (lossy UTF-8).
    pub path: String,
    /// Size and modification time when it was read.
    pub stamp: FileStamp,
}

impl SourceFile {
    /// The field value: `id\tsize\tmtime_ns\tpath` (path last, so a tab in
    /// a file name does not break it).
    pub fn encode(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}",
            self.id, self.stamp.size, self.stamp.mtime_ns, self.path
        )
    }

    /// Parses a value written by [`SourceFile::encode`].
    pub fn decode(value: &str) -> Option<SourceFile> {
        let mut parts = value.splitn(4, '\t');
        let id = parts.next()?.to_string();
        let size = parts.next()?.parse().ok()?;
        let mtime_ns = parts.next()?.parse().ok()?;
        let path = parts.next()?.to_string();
        if id.is_empty() || path.is_empty() {
            return None;
        }
        Some(SourceFile {
            id,
            path,
            stamp: FileStamp { size, mtime_ns },
        })
    }
}

/// Every [`SourceFile`] of every live document of the last commit, read
/// from the `source_file` fast field (no stored documents are decoded).
pub fn source_files(index: &RatsIndex) -> Result<Vec<SourceFile>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut files = Vec::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("source_file")? else {
            continue;
        };
        // Decode the segment's dictionary once, in ordinal order.
        let mut terms = Vec::with_capacity(column.num_terms());
        let mut stream = column
            .dictionary()
            .stream()
            .map_err(|source| IndexError::Io {
                context: "cannot read the source_file column".into(),
                source,
            })?;
        while stream.advance() {
            terms.push(SourceFile::decode(&String::from_utf8_lossy(stream.key())));
        }
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                let found = usize::try_from(ord).ok().and_then(|i| terms.get(i));
                if let Some(Some(file)) = found {
                    files.push(file.clone());
                }
            }
        }
    }
    Ok(files)
}

/// Every document id in the last commit, from the `id` term dictionaries
/// (a superset: ids of deleted documents not yet merged away are
/// included). An id not in it needs no delete before it is added.
pub fn document_ids(index: &RatsIndex) -> Result<HashSet<String>> {
    let field = index.fields().id;
    let searcher = index.reader()?.searcher();
    let mut ids = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().stream().map_err(|source| IndexError::Io {
            context: "cannot read the id terms".into(),
            source,
        })?;
        while terms.advance() {
            ids.insert(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    Ok(ids)
}

/// A searcher over the last commit, for [`stored_record`].
pub fn last_commit(index: &RatsIndex) -> Result<Searcher> {
    Ok(index.reader()?.searcher())
}

/// The stored record of document `id` as `searcher` sees it, if any.
pub fn stored_record(index: &RatsIndex, searcher: &Searcher, id: &str) -> Result<Option<Record>> {
    let fields = index.fields();
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = hits.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address)?;
    let Some(json) = doc.get_first(fields.record).and_then(|v| v.as_str()) else {
        return Ok(None);
    };
    Ok(Some(serde_json::from_str(json)?))
}

/// The single writer of an index.
pub struct IndexSink {
    writer: IndexWriter,
    index: RatsIndex,
}

impl IndexSink {
    /// Takes the index's writer lock; a second concurrent writer gets
    /// [`IndexError::Locked`].
    ///
    /// Removes the files a failed or killed run left behind (segments no
    /// commit refers to), which may keep a disk full.
    pub fn new(index: &RatsIndex, heap_bytes: usize) -> Result<IndexSink> {
        let writer = index.index().writer(heap_bytes).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(index.dir().to_path_buf()),
            other => writer_error(index.dir(), other),
        })?;
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|e| writer_error(index.dir(), e))?;
        Ok(IndexSink {
            writer,
            index: index.clone(),
        })
    }

    /// Replaces any document with the record's id by the record.
    pub fn upsert(&mut self, record: &Record) -> Result<()> {
        let doc = to_document(&self.index, record)?;
        self.upsert_document(&record.id, doc, &[])
    }

    /// Replaces any document with this id by `doc` (made by
    /// [`to_document`]), recording the files that hold its content.
    pub fn upsert_document(
        &mut self,
        id: &str,
        doc: TantivyDocument,
        files: &[SourceFile],
    ) -> Result<()> {
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.id, id));
        self.add_document(doc, files)
    }

    /// Adds `doc` without deleting an older document of the same id: only
    /// for ids known not to be in the index ([`document_ids`]), where the
    /// delete would be wasted work on every segment.
    pub fn add_document(&mut self, mut doc: TantivyDocument, files: &[SourceFile]) -> Result<()> {
        let fields = self.index.fields();
        for file in files {
            doc.add_text(fields.source_file, file.encode());
        }
        self.writer
            .add_document(doc)
            .map_err(|e| writer_error(self.index.dir(), e))?;
        Ok(())
    }

    /// Deletes the document with this id, if any, and, where it is the
    /// first paper of a session bundle, the bundle's other papers.
    pub fn delete(&mut self, id: &str) {
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.id, id));
        self.writer
            .delete_term(Term::from_field_text(fields.bundle, id));
    }

    /// Makes everything written so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer
            .commit()
            .map_err(|e| writer_error(self.index.dir(), e))?;
        Ok(())
    }

    /// Commits and waits for merges to finish.
    pub fn finish(mut self) -> Result<()> {
        let dir = self.index.dir().to_path_buf();
        self.writer.commit().map_err(|e| writer_error(&dir, e))?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| writer_error(&dir, e))?;
        Ok(())
    }
}

/// A writer's error in words: a full disk is said so (tantivy reports it
/// as an io error, or, once its indexing thread died of it, only as "an
/// index writer was killed").
pub(crate) fn writer_error(dir: &Path, error: tantivy::TantivyError) -> IndexError {
    let disk_full = match &error {
        tantivy::TantivyError::IoError(io) => is_disk_full(io),
        // The indexing thread died; its cause is not passed on.
        tantivy::TantivyError::ErrorInThread(_) => {
            free_bytes(dir).is_some_and(|free| free < 1024 * 1024)
        }
        _ => false,
    };
    // Errors passed between tantivy's threads keep only the message.
    let disk_full = disk_full || error.to_string().contains("(os error 28)");
    if disk_full {
        IndexError::DiskFull(dir.to_path_buf())
    } else {
        IndexError::Tantivy(error)
    }
}

/// Whether an io error says the disk (or quota) is full, also when it
/// wraps the error that does (as tantivy's threads pass them on).
fn is_disk_full(error: &std::io::Error) -> bool {
    let full = matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || error.raw_os_error() == Some(libc::ENOSPC);
    full || error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<std::io::Error>())
        .is_some_and(is_disk_full)
}

/// Free bytes on the file system holding `dir`, where known.
fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
        // SAFETY: `path` is a valid C string and `stat` a buffer of the
        // right type that statvfs fills on success.
        let ok = unsafe { libc::statvfs(path.as_ptr(), stat.as_mut_ptr()) } == 0;
        // SAFETY: filled by the successful call (and zeroed before).
        let stat = unsafe { stat.assume_init() };
        // The field types differ between platforms (u32 on some).
        #[allow(clippy::useless_conversion)]
        let free = u64::from(stat.f_bavail) * u64::from(stat.f_frsize);
        ok.then_some(free)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_file_values_round_trip_even_with_tabs_in_names() {
        let file = SourceFile {
            id: "0123456789abcdef".into(),
            path: "archiv/erfurt/a\tb.txt".into(),
            stamp: FileStamp {
                size: 8192,
                mtime_ns: 1_700_000_000_123_456_789,
            },
        };
        assert_eq!(SourceFile::decode(&file.encode()), Some(file));
        assert_eq!(SourceFile::decode("abc\tx\t1\tp"), None);
        assert_eq!(SourceFile::decode("abc\t1\t1"), None);
    }

    #[test]
    fn source_files_come_back_from_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let index = RatsIndex::open_or_create(dir.path()).unwrap();
        let mut sink = IndexSink::new(&index, 15_000_000).unwrap();
        let record = Record {
            id: "00000000000000aa".into(),
            text: "Text".into(),
            ..Record::default()
        };
        let doc = to_document(&index, &record).unwrap();
        let files: Vec<SourceFile> = ["a.txt", "b/a.txt"]
            .iter()
            .map(|p| SourceFile {
                id: record.id.clone(),
                path: p.to_string(),
                stamp: FileStamp {
                    size: 4,
                    mtime_ns: 9,
                },
            })
            .collect();
        assert!(document_ids(&index).unwrap().is_empty());
        sink.add_document(doc, &files).unwrap();
        sink.commit().unwrap();
        assert!(document_ids(&index).unwrap().contains(&record.id));
        let mut found = source_files(&index).unwrap();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(found, files);
        assert_eq!(
            stored_record(&index, &last_commit(&index).unwrap(), &record.id)
                .unwrap()
                .map(|r| r.text),
            Some("Text".to_string())
        );
        // Replacing the document replaces its files.
        let doc = to_document(&index, &record).unwrap();
        sink.upsert_document(&record.id, doc, &files[..1]).unwrap();
        sink.finish().unwrap();
        assert_eq!(source_files(&index).unwrap(), files[..1].to_vec());
    }
}
