//! The index schema: the only place that names index fields and their
//! options.
//!
//! Text fields (`title`, `decision_proposal`, `text`) use the German
//! stemming analyzer [`GERMAN_STEM`]; identifiers and facet values
//! (`reference`, `body`, `paper_type`, `committee`, `actor`) are exact
//! `STRING` fields; `date` is a day-precision date field. The whole record
//! is stored as JSON in `record`, so `show` returns exactly what `extract`
//! printed.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

/// Name of the German stemming analyzer (lower-case + Snowball German).
pub const GERMAN_STEM: &str = "de_stem";

/// Bump when the schema changes, so that an old index is recognised.
pub const SCHEMA_VERSION: u32 = 1;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Stable document id ([`crate::record::document_id`]).
    pub id: Field,
    /// The paper's number as printed.
    pub reference: Field,
    /// Normalised forms of the number for lookups (see
    /// [`super::reference_keys`]).
    pub reference_key: Field,
    /// City / council.
    pub body: Field,
    /// Paper type as printed.
    pub paper_type: Field,
    /// Committees of the Beratungsfolge (one value each).
    pub committee: Field,
    /// Actor names (one value each).
    pub actor: Field,
    /// The paper's date.
    pub date: Field,
    /// The paper's year, for facets and `year:` queries.
    pub year: Field,
    /// Title, stemmed.
    pub title: Field,
    /// Decision proposal, stemmed.
    pub decision_proposal: Field,
    /// Full text, stemmed, with positions for phrase queries.
    pub text: Field,
    /// Source path as given.
    pub source_path: Field,
    /// SHA-256 of the source bytes.
    pub sha256: Field,
    /// The whole record as JSON.
    pub record: Field,
}

/// Builds the schema and the field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let stemmed = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(GERMAN_STEM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        reference: builder.add_text_field("reference", STRING | STORED),
        reference_key: builder.add_text_field("reference_key", STRING),
        body: builder.add_text_field("body", STRING | STORED | FAST),
        paper_type: builder.add_text_field("paper_type", STRING | STORED | FAST),
        committee: builder.add_text_field("committee", STRING | FAST),
        actor: builder.add_text_field("actor", STRING),
        date: builder.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        year: builder.add_u64_field(
            "year",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        title: builder.add_text_field("title", stemmed(true)),
        decision_proposal: builder.add_text_field("decision_proposal", stemmed(false)),
        text: builder.add_text_field("text", stemmed(false)),
        source_path: builder.add_text_field("source_path", STRING | STORED),
        sha256: builder.add_text_field("sha256", STRING | STORED),
        record: builder.add_text_field("record", TextOptions::default().set_stored()),
    };
    (builder.build(), fields)
}
