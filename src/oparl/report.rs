//! The agreement report: per field, how often metadata and text agree,
//! the classes of the disagreements with their counts, and every
//! disagreement (paper, field, both values).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::compare::{compare, Outcome, FIELDS};
use crate::record::Record;

/// Counts for one field.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FieldAgreement {
    /// Papers where both give a value.
    pub compared: usize,
    /// Of those, how many agree.
    pub agree: usize,
    /// Of those, how many differ.
    pub disagree: usize,
    /// `agree / compared` (0 when nothing was compared).
    pub agreement: f64,
    /// Papers where only the metadata gives a value.
    pub metadata_only: usize,
    /// Papers where only the text gives a value.
    pub text_only: usize,
    /// Disagreements and metadata-only values by class.
    pub classes: BTreeMap<String, usize>,
}

/// One paper's field where the two differ, or where the text prints the
/// metadata's value but the extractors did not find it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// The OParl Paper id.
    pub paper: String,
    /// The paper's number (metadata's, else the text's).
    pub reference: Option<String>,
    /// The file the text was read from (`source.path`), to look it up.
    pub text_file: String,
    /// The field.
    pub field: &'static str,
    /// What kind of difference.
    pub class: String,
    /// The metadata's value.
    pub metadata: Value,
    /// The text's value.
    pub text: Value,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Papers looked at (with text or without).
    pub papers: usize,
    /// Per field (the names of [`FIELDS`]).
    pub fields: BTreeMap<String, FieldAgreement>,
    /// Every difference, in paper order.
    pub disagreements: Vec<Disagreement>,
}

impl Agreement {
    /// An empty report.
    pub fn new() -> Agreement {
        Agreement {
            papers: 0,
            fields: FIELDS
                .iter()
                .map(|f| (f.to_string(), FieldAgreement::default()))
                .collect(),
            disagreements: Vec::new(),
        }
    }

    /// Adds one imported record.
    pub fn add(&mut self, record: &Record) {
        let Some(info) = record.oparl.as_deref() else {
            return;
        };
        self.papers += 1;
        for verdict in compare(record) {
            let Some(counts) = self.fields.get_mut(verdict.field) else {
                continue;
            };
            let class = match &verdict.outcome {
                Outcome::Agree => {
                    counts.compared += 1;
                    counts.agree += 1;
                    None
                }
                Outcome::Disagree(class) => {
                    counts.compared += 1;
                    counts.disagree += 1;
                    Some(class.clone())
                }
                Outcome::MetadataOnly(class) => {
                    counts.metadata_only += 1;
                    Some(format!("metadata only: {class}"))
                }
                Outcome::TextOnly => {
                    counts.text_only += 1;
                    None
                }
            };
            if let Some(class) = class {
                *counts.classes.entry(class.clone()).or_default() += 1;
                self.disagreements.push(Disagreement {
                    paper: info.paper.clone(),
                    reference: record.reference.clone(),
                    text_file: record.source.path.clone(),
                    field: verdict.field,
                    class,
                    metadata: verdict.metadata,
                    text: verdict.text,
                });
            }
        }
        for counts in self.fields.values_mut() {
            counts.agreement = if counts.compared == 0 {
                0.0
            } else {
                counts.agree as f64 / counts.compared as f64
            };
        }
    }

    /// A few lines for stderr: agreement per field and the largest
    /// classes.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (field, c) in FIELDS
            .iter()
            .filter_map(|f| Some((f, self.fields.get(*f)?)))
        {
            lines.push(format!(
                "{field}: {}/{} agree ({:.1}%), {} metadata only, {} text only",
                c.agree,
                c.compared,
                100.0 * c.agreement,
                c.metadata_only,
                c.text_only
            ));
            let mut classes: Vec<(&String, &usize)> = c.classes.iter().collect();
            classes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (class, n) in classes.into_iter().take(4) {
                lines.push(format!("    {n:>4}  {class}"));
            }
        }
        lines
    }
}
