//! Writing records into the index.
//!
//! A record becomes one tantivy document
//! ([`super::document::to_document`]); an upsert is
//! `delete_term(id)` plus `add_document`, so writing the same file twice
//! leaves one document. Nothing is visible until [`IndexSink::commit`];
//! tantivy commits are atomic, so a crash rolls back to the last commit.

use tantivy::{IndexWriter, Term};

use super::document::to_document;
use super::{IndexError, RatsIndex, Result};
use crate::record::Record;

/// Default memory budget of the index writer (bytes, all threads).
pub const DEFAULT_WRITER_HEAP: usize = 256 * 1024 * 1024;

/// The single writer of an index.
pub struct IndexSink {
    writer: IndexWriter,
    index: RatsIndex,
}

impl IndexSink {
    /// Takes the index's writer lock; a second concurrent writer gets
    /// [`IndexError::Locked`].
    pub fn new(index: &RatsIndex, heap_bytes: usize) -> Result<IndexSink> {
        let writer = index.index().writer(heap_bytes).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(index.dir().to_path_buf()),
            other => IndexError::Tantivy(other),
        })?;
        Ok(IndexSink {
            writer,
            index: index.clone(),
        })
    }

    /// Replaces any document with the record's id by the record.
    pub fn upsert(&mut self, record: &Record) -> Result<()> {
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.id, &record.id));
        self.writer
            .add_document(to_document(&self.index, record)?)?;
        Ok(())
    }

    /// Deletes the document with this id, if any.
    pub fn delete(&mut self, id: &str) {
        let fields = self.index.fields();
        self.writer
            .delete_term(Term::from_field_text(fields.id, id));
    }

    /// Makes everything written so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commits and waits for merges to finish.
    pub fn finish(mut self) -> Result<()> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
