//! Paper numbers: the paper's own number (printed under a label such as
//! Drucksache, Vorlagen-Nr., DS) and the numbers of other papers it cites.

use super::{Found, Rules, RulesError};
use crate::text::Text;

/// Compiled number rules.
#[derive(Debug)]
pub struct ReferenceRules {}

impl ReferenceRules {
    /// Compiles the number rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<ReferenceRules, RulesError> {
        let _ = rules;
        Ok(ReferenceRules {})
    }

    /// The paper's own number, without its label ("1822/24").
    pub fn find_own(&self, text: &Text) -> Option<Found<String>> {
        let _ = text;
        None
    }

    /// Numbers of other papers cited in the text, in order of first
    /// mention, without the paper's own number.
    pub fn find_cited(&self, text: &Text, own: Option<&str>) -> Vec<Found<String>> {
        let _ = (text, own);
        Vec::new()
    }
}
