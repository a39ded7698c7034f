//! One record from a paper's metadata and its text: the metadata fills
//! what it has (number, title, type, date, consultations, responsible
//! unit), the text the rest (decision proposal, finance, actors, cited
//! papers, attachments, author, …), and the record says per field where
//! the value came from ([`OparlInfo::origin`]). What the text said about
//! the fields the metadata filled is kept in [`OparlInfo::printed`], its
//! provenance under `printed.<field>`.

use super::model::{OparlInfo, Origin, Printed};
use super::paper::MetaPaper;
use crate::record::{document_id, Record};
use crate::source::sha256_hex;

/// The document id of an imported paper: from its OParl id, so that a
/// paper keeps its document however its files change.
pub fn paper_document_id(paper_id: &str) -> String {
    document_id(&sha256_hex(format!("oparl:{paper_id}").as_bytes()))
}

/// The warning of a record made from metadata alone.
pub const NO_TEXT: &str =
    "no text: none of the paper's files has a usable text in the dump; indexed from its metadata";

/// Builds the record. `read` is the record extracted from the chosen
/// file (`None` when no file has a usable text); `body` the body's name
/// if known from outside the text; `placeholders` the unit names that
/// mean "no unit".
pub fn merge(
    meta: &MetaPaper,
    read: Option<Record>,
    info: OparlInfo,
    body: Option<&str>,
    placeholders: &[String],
) -> Record {
    let had_text = read.is_some();
    let mut record = read.unwrap_or_default();
    let mut info = info;
    if !had_text {
        record.warnings.push(NO_TEXT.to_string());
    }
    info.printed = Printed {
        reference: record.reference.take(),
        title: record.title.take(),
        paper_type: record.paper_type.take(),
        date: record.date.take(),
        department: record.department.take(),
        consultations: std::mem::take(&mut record.consultations),
    };
    let printed = &info.printed;
    let origin = &mut info.origin;
    let mut pick = |field: &str, meta: Option<&String>, text: &Option<String>| {
        let (value, from) = match (meta, text) {
            (Some(m), _) => (Some(m.clone()), Origin::Metadata),
            (None, Some(t)) => (Some(t.clone()), Origin::Text),
            (None, None) => return None,
        };
        origin.insert(field.to_string(), from);
        value
    };
    record.reference = pick("reference", meta.reference.as_ref(), &printed.reference);
    record.title = pick("title", meta.title.as_ref(), &printed.title);
    record.paper_type = pick("paper_type", meta.paper_type.as_ref(), &printed.paper_type);
    record.date = pick("date", meta.date.as_ref(), &printed.date);
    let unit = meta.units.iter().find(|u| {
        !placeholders
            .iter()
            .any(|p| p.trim().eq_ignore_ascii_case(u.trim()))
    });
    record.department = pick("department", unit, &printed.department);
    if !meta.consultations.is_empty() {
        record.consultations = meta.consultations.iter().map(|(c, _)| c.clone()).collect();
        info.consultations = meta.consultations.iter().map(|(_, i)| i.clone()).collect();
        info.origin.insert("consultations".into(), Origin::Metadata);
    } else if !info.printed.consultations.is_empty() {
        record.consultations = info.printed.consultations.clone();
        info.origin.insert("consultations".into(), Origin::Text);
    }
    // The text's provenance of a field the metadata filled describes the
    // printed value: keep it under that name.
    let moved: Vec<String> = record
        .provenance
        .keys()
        .filter(|key| {
            let field = key.split('[').next().unwrap_or(key);
            info.origin.get(field) == Some(&Origin::Metadata)
        })
        .cloned()
        .collect();
    for key in moved {
        if let Some(p) = record.provenance.remove(&key) {
            record.provenance.insert(format!("printed.{key}"), p);
        }
    }
    match body {
        Some(body) => {
            record.body = Some(body.to_string());
            info.origin.insert("body".into(), Origin::Metadata);
        }
        None if record.body.is_some() => {
            info.origin.insert("body".into(), Origin::Text);
        }
        None => {}
    }
    let text_fields = [
        ("public", record.public.is_some()),
        ("author", record.author.is_some()),
        ("decision_proposal", record.decision_proposal.is_some()),
        (
            "finance",
            record.finance.impact.is_some() || !record.finance.rows.is_empty(),
        ),
        ("actors", !record.actors.is_empty()),
        ("references", !record.references.is_empty()),
        ("attachments", !record.attachments.is_empty()),
    ];
    for (field, present) in text_fields {
        if present {
            info.origin.insert(field.into(), Origin::Text);
        }
    }
    record.id = paper_document_id(&meta.id);
    record.oparl = Some(Box::new(info));
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Consultation, Provenance};

    #[test]
    fn metadata_fills_its_fields_and_the_text_the_rest() {
        let meta = MetaPaper {
            id: "https://x/papers/1".into(),
            reference: Some("2021/0387".into()),
            title: Some("Innenstadt".into()),
            units: vec!["Offen".into()],
            ..MetaPaper::default()
        };
        let read = Record {
            reference: Some("2021/0388".into()),
            date: Some("2021-03-23".into()),
            department: Some("Stadtplanungsamt".into()),
            decision_proposal: Some("Der Gemeinderat beschließt.".into()),
            consultations: vec![Consultation {
                committee: "Gemeinderat".into(),
                ..Consultation::default()
            }],
            provenance: [(
                "reference".to_string(),
                Provenance {
                    page: Some(1),
                    span: [0, 9],
                    rule: "r".into(),
                },
            )]
            .into(),
            ..Record::default()
        };
        let placeholders = vec!["offen".to_string()];
        let record = merge(
            &meta,
            Some(read),
            OparlInfo::default(),
            Some("Karlsruhe"),
            &placeholders,
        );
        let info = record.oparl.as_deref().unwrap();
        assert_eq!(record.reference.as_deref(), Some("2021/0387"));
        assert_eq!(info.printed.reference.as_deref(), Some("2021/0388"));
        assert_eq!(info.origin["reference"], Origin::Metadata);
        assert_eq!(record.date.as_deref(), Some("2021-03-23"));
        assert_eq!(info.origin["date"], Origin::Text);
        assert_eq!(record.department.as_deref(), Some("Stadtplanungsamt"));
        assert_eq!(info.origin["department"], Origin::Text);
        assert_eq!(info.origin["consultations"], Origin::Text);
        assert_eq!(info.origin["decision_proposal"], Origin::Text);
        assert!(record.provenance.contains_key("printed.reference"));
        assert_eq!(record.id, paper_document_id("https://x/papers/1"));
        assert!(record.warnings.is_empty());
        let bare = merge(&meta, None, OparlInfo::default(), None, &placeholders);
        assert_eq!(bare.warnings, [NO_TEXT]);
        assert_eq!(bare.title.as_deref(), Some("Innenstadt"));
    }
}
