//! Actors: persons, elected bodies and committees, administrative units and
//! outside organisations that a paper names.

use super::{Found, Rules, RulesError};
use crate::record::Actor;
use crate::text::Text;

/// Compiled actor rules.
#[derive(Debug)]
pub struct ActorRules {}

impl ActorRules {
    /// Compiles the actor rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<ActorRules, RulesError> {
        let _ = rules;
        Ok(ActorRules {})
    }

    /// Every actor named in the text, deduplicated, in order of first
    /// mention.
    pub fn find(&self, text: &Text) -> Vec<Found<Actor>> {
        let _ = text;
        Vec::new()
    }
}
