//! Rule-based extraction: from a normalised [`Text`] to the fields of a
//! paper.
//!
//! An [`Extractor`] is built once from [`Rules`] (it compiles every
//! pattern then) and is shared by all threads; [`Extractor::extract`] is a
//! pure function of the text. Each field has its own module with its rules
//! and its unit tests. Nothing here does I/O or knows about the index.

pub mod actors;
pub mod finance;
pub mod references;
pub mod rules;

use std::collections::BTreeMap;
use std::ops::Range;

pub use rules::{Rules, RulesError};

use crate::record::{Actor, Consultation, Finance, Provenance};
use crate::text::Text;

/// The fields found in one text, before they are assembled into a
/// [`crate::Record`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    /// The city/council, where the text names it clearly.
    pub body: Option<String>,
    /// The paper's own number, without its label.
    pub reference: Option<String>,
    /// The subject line.
    pub title: Option<String>,
    /// The paper type as printed.
    pub paper_type: Option<String>,
    /// Public or not.
    pub public: Option<bool>,
    /// The paper's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The originating unit.
    pub department: Option<String>,
    /// The author or signatory.
    pub author: Option<String>,
    /// The Beratungsfolge.
    pub consultations: Vec<Consultation>,
    /// The Beschlussvorschlag.
    pub decision_proposal: Option<String>,
    /// Finanzielle Auswirkungen.
    pub finance: Finance,
    /// Named actors.
    pub actors: Vec<Actor>,
    /// Cited paper numbers.
    pub references: Vec<String>,
    /// Attachment titles.
    pub attachments: Vec<String>,
    /// Problems worth telling the user.
    pub warnings: Vec<String>,
    /// Where each field came from.
    pub provenance: BTreeMap<String, Provenance>,
}

/// Where in the text a value was found, and by which rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Byte range in [`Text::as_str`].
    pub span: Range<usize>,
    /// A stable id of the rule that matched, e.g. `reference.label_line`.
    pub rule: String,
}

/// A value together with its [`Evidence`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found<T> {
    /// The extracted value.
    pub value: T,
    /// Where it came from.
    pub evidence: Evidence,
}

impl Evidence {
    /// The record's [`Provenance`] for this evidence: page and character
    /// span in the text.
    pub fn provenance(&self, text: &Text) -> Provenance {
        Provenance {
            page: Some(text.page_at(self.span.start)),
            span: [
                text.char_offset(self.span.start),
                text.char_offset(self.span.end),
            ],
            rule: self.rule.clone(),
        }
    }
}

/// The compiled extraction rules.
#[derive(Debug)]
pub struct Extractor {
    rules: Rules,
    references: references::ReferenceRules,
    finance: finance::FinanceRules,
    actors: actors::ActorRules,
}

impl Extractor {
    /// Compiles the rules.
    pub fn new(rules: Rules) -> Result<Extractor, RulesError> {
        Ok(Extractor {
            references: references::ReferenceRules::new(&rules)?,
            finance: finance::FinanceRules::new(&rules)?,
            actors: actors::ActorRules::new(&rules)?,
            rules,
        })
    }

    /// The rules this extractor was built from.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Finds every field in `text`.
    pub fn extract(&self, text: &Text) -> Extracted {
        let mut out = Extracted::default();
        if let Some(found) = self.references.find_own(text) {
            out.provenance
                .insert("reference".into(), found.evidence.provenance(text));
            out.reference = Some(found.value);
        }
        for found in self.references.find_cited(text, out.reference.as_deref()) {
            let key = format!("references[{}]", out.references.len());
            out.provenance.insert(key, found.evidence.provenance(text));
            out.references.push(found.value);
        }
        if let Some(found) = self.finance.find(text) {
            out.provenance
                .insert("finance".into(), found.evidence.provenance(text));
            out.finance = found.value;
        }
        for found in self.actors.find(text) {
            let key = format!("actors[{}]", out.actors.len());
            out.provenance.insert(key, found.evidence.provenance(text));
            out.actors.push(found.value);
        }
        out
    }
}
