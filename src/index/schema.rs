//! The index schema: the only place that names index fields, their options
//! and the analyzers they use.
//!
//! Field names are the names a user writes in a query (`reference:`,
//! `body:`, `type:`, `committee:`, `actor:`, `year:`), so the query parser
//! needs no translation table.
//!
//! - Full text: `title`, `decision_proposal` and `text` go through the
//!   German stemming analyzer [`GERMAN_STEM`]; `title_exact`,
//!   `decision_proposal_exact` and `text_exact` hold the same text only
//!   lower-cased ([`GERMAN_LOWER`]), so that an exact word form can rank
//!   above a stem-only match and prefix/fuzzy matching works on real words.
//! - Compound parts: `title_parts` and `text_parts` hold, for each compound
//!   word of the title and text, its parts, stemmed ([`GERMAN_PARTS`], see
//!   [`super::compound`]): "Dachsanierung" adds dach and sanier, so that
//!   `Sanierung` finds it. Words that are no compounds are not in them, and
//!   no positions are kept: they only ever match single words.
//! - Exact values: `body` and `type` are whole values lower-cased
//!   ([`LOWER_RAW`]) so `body:erfurt` finds "Erfurt"; their fast columns keep
//!   the printed case for facets.
//! - Names: `committee` and `actor` are stemmed word fields (with
//!   positions, so `committee:"Ausschuss für Umwelt"` is a phrase);
//!   `committee` also has a fast column of whole names for facets.
//! - Numbers: `reference` holds the paper's number in normalised forms
//!   ([`super::reference_keys`]), `cites` the same for every number the
//!   paper cites.
//! - `date` (day precision), `year` (for `year:` and facets).
//! - The whole record is stored as JSON in `record`, so `show` returns
//!   exactly what `extract` printed.
//! - Old archives: `ocr` is `true` for a paper with OCR'd pages, `needed`
//!   for one with pages that need OCR and did not get it, `false`
//!   otherwise; `format` is the reader (`pdf`, `docx`, `odt`, `rtf`,
//!   `doc`, `html`, `text`); `warnings` holds the record's warnings as
//!   stemmed words (`warnings:ocr`); `bundle` ties the papers of one
//!   session bundle to the bundle's id (so they go together).

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TextAnalyzerBuilder, Tokenizer, TokenizerManager,
};
use tantivy::Index;

use super::compound::CompoundParts;

/// Name of the German stemming analyzer (lower-case + Snowball German).
pub const GERMAN_STEM: &str = "de_stem";

/// Name of the analyzer for exact word forms (words, lower-cased).
pub const GERMAN_LOWER: &str = "de_lower";

/// Name of the analyzer for compound parts (lower-case, split, stem).
pub const GERMAN_PARTS: &str = "de_parts";

/// Name of the analyzer for whole values compared case-insensitively.
pub const LOWER_RAW: &str = "lower_raw";

/// Bump when the schema changes, so that an old index is recognised.
pub const SCHEMA_VERSION: u32 = 5;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Stable document id ([`crate::record::document_id`]).
    pub id: Field,
    /// Normalised forms of the paper's number (see
    /// [`super::reference_keys`]); query name `reference`.
    pub reference: Field,
    /// Kept as an alias of [`Fields::reference`] for older callers.
    pub reference_key: Field,
    /// Normalised forms of every number the paper cites; query name `cites`.
    pub cites: Field,
    /// City / council, lower-cased whole value; fast column as printed.
    pub body: Field,
    /// Paper type, lower-cased whole value; query name `type`.
    pub paper_type: Field,
    /// Committees of the Beratungsfolge: stemmed words; fast column of
    /// whole names.
    pub committee: Field,
    /// Actor names, stemmed words.
    pub actor: Field,
    /// The paper's date (midnight UTC of that day).
    pub date: Field,
    /// The paper's year, for facets and `year:` queries.
    pub year: Field,
    /// Title, stemmed.
    pub title: Field,
    /// Decision proposal, stemmed.
    pub decision_proposal: Field,
    /// Full text, stemmed, with positions for phrase queries.
    pub text: Field,
    /// Title, exact word forms.
    pub title_exact: Field,
    /// Decision proposal, exact word forms.
    pub decision_proposal_exact: Field,
    /// Full text, exact word forms.
    pub text_exact: Field,
    /// Parts of the title's compound words, stemmed.
    pub title_parts: Field,
    /// Parts of the text's compound words, stemmed.
    pub text_parts: Field,
    /// Source path as given.
    pub source_path: Field,
    /// SHA-256 of the source bytes.
    pub sha256: Field,
    /// One value per file holding this content (`id\tsize\tmtime\tpath`,
    /// see [`super::writer::SourceFile`]); a fast field, so an incremental
    /// ingest loads what it knows about files without reading documents.
    pub source_file: Field,
    /// The whole record as JSON.
    pub record: Field,
    /// `true`, `needed` or `false`: whether OCR read pages of the paper.
    pub ocr: Field,
    /// The source format (`pdf`, `docx`, …).
    pub format: Field,
    /// The record's warnings, stemmed words.
    pub warnings: Field,
    /// For the papers of a session bundle: the bundle's id.
    pub bundle: Field,
}

impl Fields {
    /// The fields a free-text query searches: title, decision proposal and
    /// text, each stemmed and as exact word forms.
    pub fn free_text(&self) -> Vec<Field> {
        vec![
            self.title,
            self.decision_proposal,
            self.text,
            self.title_exact,
            self.decision_proposal_exact,
            self.text_exact,
        ]
    }
}

/// Builds the schema and the field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let whole_value = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(LOWER_RAW)
                .set_index_option(IndexRecordOption::Basic),
        )
    };
    let parts = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(GERMAN_PARTS)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let reference = builder.add_text_field("reference", whole_value());
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        reference,
        reference_key: reference,
        cites: builder.add_text_field("cites", whole_value()),
        body: builder.add_text_field("body", whole_value().set_fast("raw")),
        paper_type: builder.add_text_field("type", whole_value().set_fast("raw")),
        committee: builder.add_text_field("committee", words(GERMAN_STEM).set_fast("raw")),
        actor: builder.add_text_field("actor", words(GERMAN_STEM)),
        date: builder.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        year: builder.add_u64_field("year", NumericOptions::default().set_indexed().set_fast()),
        title: builder.add_text_field("title", words(GERMAN_STEM)),
        decision_proposal: builder.add_text_field("decision_proposal", words(GERMAN_STEM)),
        text: builder.add_text_field("text", words(GERMAN_STEM)),
        title_exact: builder.add_text_field("title_exact", words(GERMAN_LOWER)),
        decision_proposal_exact: builder
            .add_text_field("decision_proposal_exact", words(GERMAN_LOWER)),
        text_exact: builder.add_text_field("text_exact", words(GERMAN_LOWER)),
        title_parts: builder.add_text_field("title_parts", parts()),
        text_parts: builder.add_text_field("text_parts", parts()),
        source_path: builder.add_text_field("source_path", STRING | STORED),
        sha256: builder.add_text_field("sha256", STRING | STORED),
        source_file: builder.add_text_field("source_file", tantivy::schema::FAST),
        record: builder.add_text_field("record", TextOptions::default().set_stored()),
        ocr: builder.add_text_field("ocr", whole_value()),
        format: builder.add_text_field("format", whole_value()),
        warnings: builder.add_text_field("warnings", words(GERMAN_STEM)),
        bundle: builder.add_text_field("bundle", STRING),
    };
    (builder.build(), fields)
}

/// Registers the analyzers the schema names; tantivy does not persist them,
/// so this runs on every open.
pub fn register_analyzers(index: &Index) {
    register_analyzers_in(index.tokenizers());
}

/// Registers the analyzers the schema names in `tokenizers`.
pub fn register_analyzers_in(tokenizers: &TokenizerManager) {
    tokenizers.register(GERMAN_STEM, stem_analyzer());
    tokenizers.register(GERMAN_LOWER, words().build());
    tokenizers.register(
        GERMAN_PARTS,
        words()
            .filter(CompoundParts)
            .filter(Stemmer::new(Language::German))
            .build(),
    );
    tokenizers.register(
        LOWER_RAW,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Words, lower-cased (the start of every word analyzer).
fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
}

/// The [`GERMAN_STEM`] analyzer: words, lower-cased, Snowball German.
pub fn stem_analyzer() -> TextAnalyzer {
    words().filter(Stemmer::new(Language::German)).build()
}

/// A whole value (body, paper type, number key) as [`LOWER_RAW`] indexes
/// it, for building terms by hand.
pub fn lower_value(value: &str) -> String {
    value.trim().to_lowercase()
}
