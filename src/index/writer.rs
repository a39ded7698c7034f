//! Writing records into the index.
//!
//! A record becomes one tantivy document ([`to_document`]); an upsert is
//! `delete_term(id)` plus `add_document`, so writing the same file twice
//! leaves one document. Nothing is visible until [`IndexSink::commit`];
//! tantivy commits are atomic, so a crash rolls back to the last commit.

use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexWriter, Term};

use super::{days_from_iso_date, reference_keys, IndexError, RatsIndex, Result};
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

/// The tantivy document for a record.
pub fn to_document(index: &RatsIndex, record: &Record) -> Result<TantivyDocument> {
    let f = index.fields();
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &record.id);
    if let Some(reference) = &record.reference {
        doc.add_text(f.reference, reference);
        for key in reference_keys(reference) {
            doc.add_text(f.reference_key, key);
        }
    }
    if let Some(body) = &record.body {
        doc.add_text(f.body, body);
    }
    if let Some(paper_type) = &record.paper_type {
        doc.add_text(f.paper_type, paper_type);
    }
    for consultation in &record.consultations {
        doc.add_text(f.committee, &consultation.committee);
    }
    for actor in &record.actors {
        doc.add_text(f.actor, &actor.name);
    }
    if let Some(days) = record.date.as_deref().and_then(days_from_iso_date) {
        doc.add_date(f.date, DateTime::from_timestamp_secs(days * 86_400));
        if let Some(year) = record
            .date
            .as_deref()
            .and_then(|d| d[..4].parse::<u64>().ok())
        {
            doc.add_u64(f.year, year);
        }
    }
    if let Some(title) = &record.title {
        doc.add_text(f.title, title);
    }
    if let Some(proposal) = &record.decision_proposal {
        doc.add_text(f.decision_proposal, proposal);
    }
    doc.add_text(f.text, &record.text);
    doc.add_text(f.source_path, &record.source.path);
    doc.add_text(f.sha256, &record.source.sha256);
    doc.add_text(f.record, serde_json::to_string(record)?);
    Ok(doc)
}
