//! Answering queries: full-text search over the German-stemmed fields, and
//! looking up one record by id or paper number.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{QueryParser, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, Term};

use super::{reference_keys, IndexError, RatsIndex, Result};
use crate::record::Record;

/// One search hit.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Paper number.
    pub reference: Option<String>,
    /// City / council.
    pub body: Option<String>,
    /// Paper type.
    pub paper_type: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Paper date.
    pub date: Option<String>,
    /// Relevance score.
    pub score: f32,
}

/// A page of hits and the total number of matches.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Total matching documents.
    pub total: usize,
    /// The hits on this page, best first.
    pub hits: Vec<Hit>,
}

/// Searches `query` (tantivy query syntax over title, decision proposal
/// and text; title and proposal weigh more).
pub fn search(index: &RatsIndex, query: &str, limit: usize) -> Result<Results> {
    let f = index.fields();
    let searcher = searcher(index)?;
    let mut parser =
        QueryParser::for_index(index.index(), vec![f.title, f.decision_proposal, f.text]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 3.0);
    parser.set_field_boost(f.decision_proposal, 2.0);
    let parsed = parser
        .parse_query(query)
        .map_err(|e| IndexError::Query(e.to_string()))?;
    let (top, total) = searcher.search(
        &parsed,
        &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
    )?;
    let mut hits = Vec::with_capacity(top.len());
    for (score, address) in top.into_iter().take(limit) {
        let record = load_record(&searcher, index, address)?;
        hits.push(Hit {
            id: record.id,
            reference: record.reference,
            body: record.body,
            paper_type: record.paper_type,
            title: record.title,
            date: record.date,
            score,
        });
    }
    Ok(Results { total, hits })
}

/// Finds records by document id, or else by paper number in any notation
/// ("DS 1822/24", "VO/7605/2020", "7605/2020").
pub fn lookup(index: &RatsIndex, id_or_reference: &str) -> Result<Vec<Record>> {
    let f = index.fields();
    let searcher = searcher(index)?;
    let by_id = TermQuery::new(
        Term::from_field_text(f.id, id_or_reference.trim()),
        IndexRecordOption::Basic,
    );
    let mut found = Vec::new();
    for (_, address) in searcher.search(&by_id, &TopDocs::with_limit(10).order_by_score())? {
        found.push(load_record(&searcher, index, address)?);
    }
    if !found.is_empty() {
        return Ok(found);
    }
    for key in reference_keys(id_or_reference) {
        let query = TermQuery::new(
            Term::from_field_text(f.reference_key, &key),
            IndexRecordOption::Basic,
        );
        for (_, address) in searcher.search(&query, &TopDocs::with_limit(50).order_by_score())? {
            let record = load_record(&searcher, index, address)?;
            if !found.iter().any(|r: &Record| r.id == record.id) {
                found.push(record);
            }
        }
        if !found.is_empty() {
            break;
        }
    }
    Ok(found)
}

/// Number of documents in the index.
pub fn document_count(index: &RatsIndex) -> Result<u64> {
    Ok(searcher(index)?.num_docs())
}

fn searcher(index: &RatsIndex) -> Result<Searcher> {
    Ok(index.index().reader()?.searcher())
}

fn load_record(searcher: &Searcher, index: &RatsIndex, address: DocAddress) -> Result<Record> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let json = doc
        .get_first(index.fields().record)
        .and_then(|v| v.as_str())
        .unwrap_or("{}");
    Ok(serde_json::from_str(json)?)
}
