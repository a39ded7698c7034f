//! Related papers: what a paper cites, what cites it, and what reads like
//! it.
//!
//! Citations are resolved through the `references` of the records, within
//! the paper's own body (numbers repeat across cities): a paper's
//! `references` are looked up in the `reference` field, and the papers
//! citing it are those whose `cites` field holds one of its number keys.
//! Similar papers come from tantivy's [`MoreLikeThisQuery`] over the
//! title and text.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::{Searcher, Term};

use super::super::document::number_keys;
use super::super::{RatsIndex, Result};
use super::{in_body, load_record, searcher};
use crate::record::Record;

/// How many similar papers are listed.
pub const SIMILAR: usize = 5;

/// At most this many papers are listed as citing one paper.
const MAX_CITING: usize = 200;

/// Only the first this many bytes of a text feed more-like-this.
const MAX_SAMPLE_BYTES: usize = 20_000;

/// Words that say nothing about a paper's topic.
const STOP_WORDS: &[&str] = &[
    "aber", "alle", "auch", "auf", "aus", "bei", "beim", "bis", "dass", "dem", "den", "der", "des",
    "die", "dies", "diese", "dieser", "durch", "eine", "einem", "einen", "einer", "eines", "für",
    "hat", "ist", "mit", "nach", "nicht", "oder", "sich", "sie", "sind", "sowie", "über", "und",
    "unter", "vom", "von", "vor", "wird", "werden", "wurde", "zum", "zur",
];

/// One cited number and the papers of the same body that carry it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Citation {
    /// The number as the citing paper prints it.
    pub reference: String,
    /// The papers with that number (empty when it is not in the index).
    pub papers: Vec<Record>,
}

/// The papers related to one paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// The paper itself.
    pub paper: Record,
    /// The papers it cites, in the order it cites them.
    pub cites: Vec<Citation>,
    /// The papers citing it.
    pub cited_by: Vec<Record>,
    /// The most similar papers with their similarity scores.
    pub similar: Vec<(f32, Record)>,
}

/// Finds the papers related to `paper`.
pub fn related(index: &RatsIndex, paper: Record) -> Result<Related> {
    let searcher = searcher(index)?;
    let mut cites = Vec::new();
    for reference in &paper.references {
        let query = number_query(index.fields().reference, reference);
        let papers = records(&searcher, index, same_body(index, &paper, query), 10)?
            .into_iter()
            .filter(|r| r.id != paper.id)
            .collect();
        cites.push(Citation {
            reference: reference.clone(),
            papers,
        });
    }
    let cited_by = match &paper.reference {
        Some(reference) => {
            let query = number_query(index.fields().cites, reference);
            records(
                &searcher,
                index,
                same_body(index, &paper, query),
                MAX_CITING,
            )?
            .into_iter()
            .filter(|r| r.id != paper.id)
            .collect()
        }
        None => Vec::new(),
    };
    let similar = similar(&searcher, index, &paper)?;
    Ok(Related {
        paper,
        cites,
        cited_by,
        similar,
    })
}

fn number_query(field: Field, number: &str) -> Box<dyn Query> {
    Box::new(TermSetQuery::new(
        number_keys(number)
            .iter()
            .map(|k| Term::from_field_text(field, k)),
    ))
}

fn same_body(index: &RatsIndex, paper: &Record, query: Box<dyn Query>) -> Box<dyn Query> {
    match &paper.body {
        Some(body) => in_body(index, query, body),
        None => query,
    }
}

fn records(
    searcher: &Searcher,
    index: &RatsIndex,
    query: Box<dyn Query>,
    limit: usize,
) -> Result<Vec<Record>> {
    let mut found = Vec::new();
    for (_, address) in searcher.search(&*query, &TopDocs::with_limit(limit).order_by_score())? {
        found.push(load_record(searcher, index, address)?);
    }
    Ok(found)
}

fn similar(searcher: &Searcher, index: &RatsIndex, paper: &Record) -> Result<Vec<(f32, Record)>> {
    let f = index.fields();
    let mut fields = Vec::new();
    if let Some(title) = &paper.title {
        fields.push((f.title, vec![OwnedValue::Str(title.clone())]));
    }
    let mut end = paper.text.len().min(MAX_SAMPLE_BYTES);
    while !paper.text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(sample) = paper.text.get(..end) {
        fields.push((f.text, vec![OwnedValue::Str(sample.to_string())]));
    }
    let more_like_this = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(1)
        .with_max_doc_frequency(searcher.num_docs().max(2) / 2 + 1)
        .with_min_term_frequency(1)
        .with_max_query_terms(25)
        .with_min_word_length(4)
        .with_stop_words(STOP_WORDS.iter().map(|w| w.to_string()).collect())
        .with_document_fields(fields);
    let not_itself = TermQuery::new(
        Term::from_field_text(f.id, &paper.id),
        IndexRecordOption::Basic,
    );
    let query = BooleanQuery::new(vec![
        (Occur::Should, Box::new(more_like_this) as Box<dyn Query>),
        (Occur::MustNot, Box::new(not_itself)),
    ]);
    let mut found = Vec::new();
    for (score, address) in
        searcher.search(&query, &TopDocs::with_limit(SIMILAR).order_by_score())?
    {
        found.push((score, load_record(searcher, index, address)?));
    }
    Ok(found)
}
