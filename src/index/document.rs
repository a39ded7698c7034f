//! From a [`Record`] to the tantivy document that represents it: which
//! record value goes into which index field (see [`super::schema`]).

use tantivy::schema::TantivyDocument;
use tantivy::DateTime;

use super::schema::lower_value;
use super::{days_from_iso_date, reference_keys, RatsIndex, Result};
use crate::record::Record;

/// The tantivy document for a record.
pub fn to_document(index: &RatsIndex, record: &Record) -> Result<TantivyDocument> {
    let f = index.fields();
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &record.id);
    if let Some(reference) = &record.reference {
        for key in number_keys(reference) {
            doc.add_text(f.reference, key);
        }
    }
    let mut cited = Vec::new();
    for reference in &record.references {
        for key in number_keys(reference) {
            if !cited.contains(&key) {
                cited.push(key);
            }
        }
    }
    for key in cited {
        doc.add_text(f.cites, key);
    }
    if let Some(body) = &record.body {
        doc.add_text(f.body, body);
    }
    if let Some(paper_type) = &record.paper_type {
        doc.add_text(f.paper_type, paper_type);
    }
    // One value per distinct committee, so that facet counts count papers.
    let mut committees: Vec<&str> = Vec::new();
    for consultation in &record.consultations {
        let name = consultation.committee.trim();
        if !name.is_empty() && !committees.contains(&name) {
            committees.push(name);
        }
    }
    for committee in committees {
        doc.add_text(f.committee, committee);
    }
    for actor in &record.actors {
        doc.add_text(f.actor, &actor.name);
    }
    if let Some(date) = record.date.as_deref() {
        if let Some(days) = days_from_iso_date(date) {
            doc.add_date(f.date, DateTime::from_timestamp_secs(days * 86_400));
            if let Some(year) = date.get(..4).and_then(|y| y.parse::<u64>().ok()) {
                doc.add_u64(f.year, year);
            }
        }
    }
    if let Some(title) = &record.title {
        doc.add_text(f.title, title);
        doc.add_text(f.title_exact, title);
        doc.add_text(f.title_parts, title);
    }
    if let Some(proposal) = &record.decision_proposal {
        doc.add_text(f.decision_proposal, proposal);
        doc.add_text(f.decision_proposal_exact, proposal);
    }
    doc.add_text(f.text, &record.text);
    doc.add_text(f.text_exact, &record.text);
    doc.add_text(f.text_parts, &record.text);
    // Words broken by a line-end hyphen, joined, so "Verwaltung" finds
    // "Verwal-" / "tung" (the stored text stays as printed).
    let joined = crate::hyphen::joined_words(&record.text);
    if !joined.is_empty() {
        doc.add_text(f.text, &joined);
        doc.add_text(f.text_exact, &joined);
        doc.add_text(f.text_parts, &joined);
    }
    doc.add_text(f.source_path, &record.source.path);
    doc.add_text(f.sha256, &record.source.sha256);
    doc.add_text(f.record, serde_json::to_string(record)?);
    let ocr = if record.ocr.used() {
        "true"
    } else if !record.ocr.needed.is_empty() {
        "needed"
    } else {
        "false"
    };
    doc.add_text(f.ocr, ocr);
    doc.add_text(f.format, record.source.format.as_str());
    for warning in &record.warnings {
        doc.add_text(f.warnings, warning);
    }
    if let Some(bundle) = &record.bundle {
        doc.add_text(f.bundle, &bundle.bundle_id);
    }
    Ok(doc)
}

/// The lookup keys of a paper number: the normalised forms of
/// [`reference_keys`] plus the number as printed, lower-cased (so a query
/// `reference:"DS 1822/24"` matches too).
pub fn number_keys(reference: &str) -> Vec<String> {
    let mut keys = reference_keys(reference);
    let printed = lower_value(reference);
    if !printed.is_empty() && !keys.contains(&printed) {
        keys.push(printed);
    }
    keys.retain(|k| !k.is_empty());
    keys
}
