//! From a [`Record`] to the tantivy document that represents it: which
//! record value goes into which index field.

use tantivy::schema::TantivyDocument;
use tantivy::DateTime;

use super::{days_from_iso_date, reference_keys, RatsIndex, Result};
use crate::record::Record;

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
