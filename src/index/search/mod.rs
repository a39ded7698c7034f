//! Answering queries: full-text search with filters, facets and snippets;
//! looking up one record by id or paper number; related papers; counts
//! about the index.
//!
//! [`query`] turns a [`SearchRequest`] into tantivy queries, [`snippet`]
//! marks matched words, [`facets`] counts hits by body, type, year and
//! committee, [`related`] follows citations and finds similar papers.

pub mod facets;
pub mod query;
pub mod query_help;
pub mod related;
pub mod snippet;
pub mod wildcard;

use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EnableScoring, Occur, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DateTime, DocAddress, Executor, IndexReader, Order, Searcher, Term};

use super::document::number_keys;
use super::schema::lower_value;
use super::{RatsIndex, Result};
use crate::record::Record;

pub use facets::{FacetCount, Facets};
pub use snippet::Snippet;

/// Kept for callers of earlier versions: the typo-tolerant variant is now
/// tried only when the strict query finds no paper at all (see
/// [`Finder::search`]).
pub const FUZZY_BELOW: usize = 1;

/// The order of the hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest paper first (papers without a date last).
    Date,
}

/// What to search for and how to present it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query text (see docs/search.md).
    pub query: String,
    /// Only papers of these bodies (any of them); case-insensitive.
    pub bodies: Vec<String>,
    /// Only papers of this type; case-insensitive.
    pub paper_type: Option<String>,
    /// Only papers whose Beratungsfolge names this committee (its words in
    /// this order, word forms folded).
    pub committee: Option<String>,
    /// Only papers dated on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only papers dated on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Order of the hits.
    pub sort: Sort,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Count all matching papers ([`Results::total`]). Counting visits
    /// every match, which costs as much again as the search itself on
    /// phrases of common words; without it tantivy skips what cannot reach
    /// the page.
    pub count: bool,
    /// Count the hits by body, type, year and committee (implies `count`).
    pub facets: bool,
    /// Make a snippet for each hit.
    pub snippets: bool,
}

impl SearchRequest {
    /// A request for `query` with the defaults: relevance, 10 hits,
    /// snippets, no total, no facets, no filters.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            bodies: Vec::new(),
            paper_type: None,
            committee: None,
            from: None,
            to: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            count: false,
            facets: false,
            snippets: true,
        }
    }
}

/// One search hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The stored record, without its `text` (the snippet is taken from
    /// it): a page of many thousand hits would otherwise hold every text.
    pub record: Record,
    /// Relevance score (`None` when sorted by date).
    pub score: Option<f32>,
    /// The passage of the text that matched.
    pub snippet: Snippet,
}

/// A page of hits, the total number of matches and, if asked for, facets.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Total matching documents, if counted ([`SearchRequest::count`]).
    pub total: Option<usize>,
    /// The hits on this page, best first.
    pub hits: Vec<Hit>,
    /// Counts of all matches by body, type, year, committee.
    pub facets: Option<Facets>,
    /// Whether the typo-tolerant variant of the query was used: the strict
    /// query found nothing, so every hit is a typo match.
    pub fuzzy: bool,
}

/// Searches the index (opens a reader for this one search, whose
/// segments are searched on all cores; use [`Finder`] for many).
pub fn search(index: &RatsIndex, request: &SearchRequest) -> Result<Results> {
    Finder::parallel(index)?.search(request)
}

/// An open reader of the index, for answering many searches.
pub struct Finder {
    index: RatsIndex,
    reader: IndexReader,
    /// Where the segments of one search are searched.
    executor: Executor,
}

impl Finder {
    /// Opens a reader on the index as committed now (it does not follow
    /// later commits). Each search runs on the calling thread, so that many
    /// searches at once (`serve`) share the cores.
    pub fn new(index: &RatsIndex) -> Result<Finder> {
        Ok(Finder {
            index: index.clone(),
            reader: index.reader()?,
            executor: Executor::single_thread(),
        })
    }

    /// A finder for one search at a time (`ratsindex search`): an index
    /// of several segments is searched one segment per core, so the one
    /// search a process makes uses the machine (the most expensive
    /// queries, phrases of common words, take about half the time on two
    /// cores).
    pub fn parallel(index: &RatsIndex) -> Result<Finder> {
        let mut finder = Finder::new(index)?;
        let segments = finder.reader.searcher().segment_readers().len();
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = segments.min(cores);
        if threads > 1 {
            finder.executor = Executor::multi_thread(threads, "ratsindex-search-")?;
        }
        Ok(finder)
    }

    /// A searcher on the reader's snapshot.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Searches: the strict query, or its typo-tolerant variant when the
    /// strict one finds nothing at all; then records and snippets for the
    /// page.
    pub fn search(&self, request: &SearchRequest) -> Result<Results> {
        let index = &self.index;
        let searcher = self.searcher();
        let plan = query::plan_with(index, Some(&searcher), request)?;
        let mut page = collect(&searcher, &self.executor, &*plan.strict, request)?;
        let mut used = plan.strict;
        let mut fuzzy = false;
        if let Some(fuzzy_query) = plan.fuzzy {
            if finds_nothing(&searcher, &*used, &page, request)? {
                let fuzzy_page = collect(&searcher, &self.executor, &*fuzzy_query, request)?;
                if fuzzy_page.at_least(request.offset) > 0 {
                    page = fuzzy_page;
                    used = fuzzy_query;
                    fuzzy = true;
                }
            }
        }
        page.top.truncate(request.limit);
        let snippets = if request.snippets && !page.top.is_empty() {
            let mut patterns: Vec<snippet::WordPattern> = plan
                .patterns
                .prefixes
                .iter()
                .cloned()
                .map(snippet::WordPattern::Prefix)
                .collect();
            // Words found as compound parts or inside words.
            patterns.extend(
                plan.patterns
                    .words
                    .iter()
                    .chain(&plan.patterns.within)
                    .cloned()
                    .map(snippet::WordPattern::Within),
            );
            if fuzzy {
                patterns.extend(
                    plan.patterns
                        .words
                        .iter()
                        .cloned()
                        .map(snippet::WordPattern::Fuzzy),
                );
            }
            Some(snippet::Snippets::new(&searcher, index, &*used, patterns)?)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.top.len());
        for (score, address) in page.top {
            let mut record = load_record(&searcher, index, address)?;
            let snippet = snippets
                .as_ref()
                .map(|s| s.for_record(&record))
                .unwrap_or_default();
            record.text = String::new();
            hits.push(Hit {
                record,
                score,
                snippet,
            });
        }
        Ok(Results {
            total: page.total,
            hits,
            facets: page.facets,
            fuzzy,
        })
    }
}

/// What one pass over the index collected.
struct Page {
    top: Vec<(Option<f32>, DocAddress)>,
    total: Option<usize>,
    facets: Option<Facets>,
}

impl Page {
    /// The number of matches, or a lower bound when not counted.
    fn at_least(&self, offset: usize) -> usize {
        self.total.unwrap_or(offset + self.top.len())
    }
}

/// Whether the strict query matches no paper at all: an empty first page
/// says so; past the first page, only a count can tell.
fn finds_nothing(
    searcher: &Searcher,
    query: &dyn Query,
    page: &Page,
    request: &SearchRequest,
) -> Result<bool> {
    if let Some(total) = page.total {
        return Ok(total == 0);
    }
    if !page.top.is_empty() {
        return Ok(false);
    }
    if request.offset == 0 {
        return Ok(true);
    }
    Ok(searcher.search(query, &Count)? == 0)
}

/// One pass: the page of hits and, if asked, the count and the facets.
fn collect(
    searcher: &Searcher,
    executor: &Executor,
    query: &dyn Query,
    request: &SearchRequest,
) -> Result<Page> {
    // At least one, so that the page tells whether the strict query found
    // anything; the caller cuts the page to the limit.
    let top_docs = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
    let count = (request.count || request.facets).then_some(Count);
    let facets = if request.facets {
        Some(facets::collector()?)
    } else {
        None
    };
    let (top, total, aggregations): (Vec<(Option<f32>, DocAddress)>, _, _) =
        match (request.sort, count.is_some()) {
            // Alone, TopDocs may skip documents that cannot reach the page.
            (Sort::Relevance, false) => {
                let top = run(searcher, executor, query, &top_docs.order_by_score())?;
                let top = top.into_iter().map(|(s, a)| (Some(s), a)).collect();
                (top, None, None)
            }
            (Sort::Relevance, true) => {
                let (top, total, aggs) = run(
                    searcher,
                    executor,
                    query,
                    &(top_docs.order_by_score(), count, facets),
                )?;
                let top = top.into_iter().map(|(s, a)| (Some(s), a)).collect();
                (top, total, aggs)
            }
            (Sort::Date, _) => {
                let by_date = top_docs.order_by_fast_field::<DateTime>("date", Order::Desc);
                let (top, total, aggs) = run(searcher, executor, query, &(by_date, count, facets))?;
                let top = top.into_iter().map(|(_, a)| (None, a)).collect();
                (top, total, aggs)
            }
        };
    Ok(Page {
        top,
        total,
        facets: aggregations.map(facets::from_results).transpose()?,
    })
}

/// `searcher.search` on `executor`.
fn run<C: Collector>(
    searcher: &Searcher,
    executor: &Executor,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, executor, scoring)
}

/// Finds records by document id, or else by paper number in any notation
/// ("DS 1822/24", "VO/7605/2020", "7605/2020"); with `body`, only that
/// body's papers (case-insensitive).
pub fn lookup(index: &RatsIndex, id_or_reference: &str, body: Option<&str>) -> Result<Vec<Record>> {
    let f = index.fields();
    let searcher = searcher(index)?;
    let by_id: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(f.id, id_or_reference.trim()),
        IndexRecordOption::Basic,
    ));
    let keys = number_keys(query::paper_number(id_or_reference).unwrap_or(id_or_reference));
    let by_number: Box<dyn Query> = Box::new(TermSetQuery::new(
        keys.iter().map(|k| Term::from_field_text(f.reference, k)),
    ));
    for query in [by_id, by_number] {
        let query = match body {
            Some(body) => in_body(index, query, body),
            None => query,
        };
        let mut found = Vec::new();
        for (_, address) in searcher.search(&*query, &TopDocs::with_limit(50).order_by_score())? {
            found.push(load_record(&searcher, index, address)?);
        }
        if !found.is_empty() {
            return Ok(found);
        }
    }
    // The start of an id, as people copy it: only when one paper has it.
    let by_prefix = with_id_prefix(index, id_or_reference, body, 2)?;
    if by_prefix.len() == 1 {
        return Ok(by_prefix);
    }
    Ok(Vec::new())
}

/// The shortest id start [`lookup`] takes.
pub const MIN_ID_PREFIX: usize = 4;

/// Up to `limit` papers whose id starts with `prefix` (at least
/// [`MIN_ID_PREFIX`] hex digits; anything else finds none).
pub fn with_id_prefix(
    index: &RatsIndex,
    prefix: &str,
    body: Option<&str>,
    limit: usize,
) -> Result<Vec<Record>> {
    let prefix = prefix.trim().to_ascii_lowercase();
    if prefix.len() < MIN_ID_PREFIX || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let f = index.fields();
    let searcher = searcher(index)?;
    let query: Box<dyn Query> = Box::new(tantivy::query::RegexQuery::from_pattern(
        &format!("{prefix}.*"),
        f.id,
    )?);
    let query = match body {
        Some(body) => in_body(index, query, body),
        None => query,
    };
    let mut found = Vec::new();
    for (_, address) in searcher.search(&*query, &TopDocs::with_limit(limit).order_by_score())? {
        found.push(load_record(&searcher, index, address)?);
    }
    Ok(found)
}

/// `query` restricted to one body.
pub(crate) fn in_body(index: &RatsIndex, query: Box<dyn Query>, body: &str) -> Box<dyn Query> {
    let body = TermQuery::new(
        Term::from_field_text(index.fields().body, &lower_value(body)),
        IndexRecordOption::Basic,
    );
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::Must, Box::new(body) as Box<dyn Query>),
    ]))
}

/// Number of documents in the index.
pub fn document_count(index: &RatsIndex) -> Result<u64> {
    Ok(searcher(index)?.num_docs())
}

/// Counts about the whole index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Number of documents.
    pub documents: u64,
    /// Bytes the index directory takes on disk.
    pub index_bytes: u64,
    /// Documents by body, type, year and committee.
    #[serde(flatten)]
    pub counts: Facets,
    /// Scans and old formats: papers read by OCR, papers needing it,
    /// papers by source format, papers cut from session bundles.
    pub archive: ArchiveCounts,
}

/// The `archive` counts of [`Stats`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ArchiveCounts {
    /// Papers with pages read by OCR (`ocr:true`).
    pub ocr: u64,
    /// Papers with pages that need OCR and did not get it
    /// (`ocr:needed`).
    pub needs_ocr: u64,
    /// Papers by source format (`format:docx`), formats with papers only.
    pub formats: std::collections::BTreeMap<String, u64>,
    /// Papers that are one of several in a session bundle.
    pub bundle_papers: u64,
}

/// The source formats `format:` knows.
pub const FORMATS: [&str; 7] = ["pdf", "html", "text", "docx", "odt", "rtf", "doc"];

fn archive_counts(index: &RatsIndex, searcher: &Searcher) -> Result<ArchiveCounts> {
    let fields = index.fields();
    let count = |field, value: &str| -> Result<u64> {
        let query = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&query, &Count)? as u64)
    };
    let mut formats = std::collections::BTreeMap::new();
    for format in FORMATS {
        let n = count(fields.format, format)?;
        if n > 0 {
            formats.insert(format.to_string(), n);
        }
    }
    let bundled = tantivy::query::RegexQuery::from_pattern(".+", fields.bundle)?;
    Ok(ArchiveCounts {
        ocr: count(fields.ocr, "true")?,
        needs_ocr: count(fields.ocr, "needed")?,
        formats,
        bundle_papers: searcher.search(&bundled, &Count)? as u64,
    })
}

/// Counts documents by body, type, year and committee, and the index size.
pub fn stats(index: &RatsIndex) -> Result<Stats> {
    let searcher = searcher(index)?;
    let results = searcher.search(&AllQuery, &facets::collector()?)?;
    Ok(Stats {
        documents: searcher.num_docs(),
        index_bytes: directory_size(index.dir()),
        counts: facets::from_results(results)?,
        archive: archive_counts(index, &searcher)?,
    })
}

/// Bytes of the files directly in `dir` (an index folder has no subfolders
/// that count); 0 if it cannot be read.
pub(crate) fn directory_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

pub(crate) fn searcher(index: &RatsIndex) -> Result<Searcher> {
    Ok(index.reader()?.searcher())
}

pub(crate) fn load_record(
    searcher: &Searcher,
    index: &RatsIndex,
    address: DocAddress,
) -> Result<Record> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let json = doc
        .get_first(index.fields().record)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    Ok(serde_json::from_str(json)?)
}
