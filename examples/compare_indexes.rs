//! # Do two indexes answer alike?
//!
//! ```text
//! cargo run --release --example compare_indexes -- REFERENCE OTHER [--sets]
//! ```
//!
//! Compares two ratsindex indexes built from the same papers (say one
//! built in one run and one merged from shards): the same document ids,
//! the same stored record for each, and for several hundred queries made
//! from the papers themselves (words, phrases, prefixes, typos, boolean
//! forms, paper numbers, fields, filters, date order; every hit, with
//! total and facets) the same answer: the same hits in the same order
//! with scores equal bit for bit and the same snippets. `--sets` compares
//! hit sets, totals and facets only (for a reference holding deleted
//! documents, which tantivy counts in its ranking statistics until it
//! merges them away). Prints the counts; exit code 1 on a difference.
//!
//! The tests include this file as a module.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ratsindex::index::merge::live_ids;
use ratsindex::index::search::{Finder, SearchRequest, Sort};
use ratsindex::index::writer::{last_commit, stored_record};
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sets = args.iter().any(|a| a == "--sets");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [reference, other] = paths.as_slice() else {
        eprintln!("usage: compare_indexes REFERENCE OTHER [--sets]");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let result = std::panic::catch_unwind(|| {
        let (reference, other) = (Path::new(reference.as_str()), Path::new(other.as_str()));
        // About 40 papers' worth of queries, whatever the size.
        let documents = live_ids(&RatsIndex::open(reference).unwrap())
            .unwrap()
            .0
            .len();
        let every = (documents / 40).max(1);
        assert_same_index(reference, other, !sets, every)
    });
    match result {
        Ok((documents, queries, with_hits)) => println!(
            "same: {documents} documents with equal stored records; {queries} queries \
             ({with_hits} with hits) answered {} ({:.1} s)",
            if sets {
                "with the same hit sets, totals and facets"
            } else {
                "identically (hits, order, scores, snippets, totals, facets)"
            },
            started.elapsed().as_secs_f64()
        ),
        Err(_) => {
            eprintln!("compare_indexes: the indexes differ (see above)");
            std::process::exit(1);
        }
    }
}

/// Every live document of an index: id → stored record.
pub fn records(dir: &Path) -> BTreeMap<String, Record> {
    let index = RatsIndex::open(dir).unwrap();
    let searcher = last_commit(&index).unwrap();
    let (ids, _) = live_ids(&index).unwrap();
    ids.into_iter()
        .map(|id| {
            let record = stored_record(&index, &searcher, &id).unwrap().unwrap();
            (id, record)
        })
        .collect()
}

/// Queries made from the papers themselves: words, phrases, prefixes,
/// typos (the fuzzy fallback), boolean forms, paper numbers, fields,
/// filters and date order.
pub fn queries(records: &BTreeMap<String, Record>, every: usize) -> Vec<SearchRequest> {
    let mut requests = Vec::new();
    let mut add = |query: String, edit: &dyn Fn(&mut SearchRequest)| {
        let mut request = SearchRequest::new(query);
        request.limit = 100_000;
        request.count = true;
        request.facets = true;
        edit(&mut request);
        requests.push(request);
    };
    let none = |_: &mut SearchRequest| {};
    for (n, record) in records
        .values()
        .enumerate()
        .filter(|(n, _)| n % every.max(1) == 0)
    {
        let title = record.title.clone().unwrap_or_default();
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 5)
            .collect();
        if let [first, rest @ ..] = words.as_slice() {
            add(first.to_string(), &none);
            let prefix: String = first.chars().take(4).collect();
            add(format!("{prefix}*"), &none);
            let typo: String = first
                .chars()
                .enumerate()
                .filter(|(i, _)| *i != 2)
                .map(|(_, c)| c)
                .collect();
            add(typo, &none);
            if let Some(second) = rest.first() {
                add(format!("\"{first} {second}\""), &none);
                add(format!("{first} AND {second}"), &none);
                add(format!("{first} OR {second}"), &none);
                add(format!("{first} -{second}"), &none);
                add(format!("{first} {second}"), &|r| r.sort = Sort::Date);
            }
        }
        if let Some(reference) = &record.reference {
            add(reference.clone(), &none);
            add(format!("reference:\"{reference}\""), &none);
        }
        if let Some(body) = &record.body {
            add("*".into(), &|r| r.bodies = vec![body.clone()]);
        }
        if let (Some(kind), Some(word)) = (&record.paper_type, words.first()) {
            let word = word.to_string();
            add(word, &|r| r.paper_type = Some(kind.clone()));
        }
        if let Some(consultation) = record.consultations.first() {
            let committee = consultation.committee.clone();
            add("Stadt".into(), &|r| r.committee = Some(committee.clone()));
        }
        if let Some(date) = &record.date {
            let year = date[..4].to_string();
            add(format!("year:{year}"), &none);
            let from = format!("{year}-01-01");
            add("Antrag OR Vorlage".into(), &|r| {
                r.from = Some(from.clone());
                r.sort = Sort::Date;
            });
        }
        if let Some(actor) = record.actors.first() {
            add(format!("actor:\"{}\"", actor.name), &none);
        }
        if n % 25 == 0 {
            add("Haushalt Verkehr Schule".into(), &|r| r.offset = 3);
        }
    }
    requests
}

/// One query's answer, in a form two indexes can be compared by: every
/// hit from the first on (score bits, date, id) ordered by score (or
/// date), ties by id; the total; the facets; whether the fuzzy variant was
/// used; and the snippets of the request's page (from its offset,
/// [`SNIPPET_PAGE`] hits) by id.
#[derive(Debug, PartialEq)]
pub struct Answer {
    pub hits: Vec<(u32, String, String)>,
    pub total: Option<usize>,
    pub facets: String,
    pub fuzzy: bool,
    pub snippets: BTreeMap<String, String>,
}

/// How many hits get their snippets compared (snippets of every hit of a
/// broad query would cost more than the search).
const SNIPPET_PAGE: usize = 20;

pub fn answer(finder: &Finder, request: &SearchRequest) -> Answer {
    let search = |request: &SearchRequest| {
        finder
            .search(request)
            .unwrap_or_else(|e| panic!("{:?}: {e}", request.query))
    };
    // Every hit from the first: a page that starts at an offset may start
    // within a tie, differently in two indexes.
    let all = SearchRequest {
        snippets: false,
        offset: 0,
        limit: request.offset + request.limit,
        ..request.clone()
    };
    let results = search(&all);
    let mut hits: Vec<(u32, String, String)> = results
        .hits
        .iter()
        .map(|hit| {
            (
                hit.score.map_or(0, f32::to_bits),
                hit.record.date.clone().unwrap_or_default(),
                hit.record.id.clone(),
            )
        })
        .collect();
    // The order the index gave, ties (equal score or date) by id: which
    // of two equal documents comes first is their order on disk.
    hits.sort_by(|a, b| {
        let by_key = match request.sort {
            Sort::Relevance => f32::from_bits(b.0).total_cmp(&f32::from_bits(a.0)),
            Sort::Date => b.1.cmp(&a.1),
        };
        by_key.then_with(|| a.2.cmp(&b.2))
    });
    let snippets = if request.snippets {
        let page = SearchRequest {
            limit: SNIPPET_PAGE,
            count: false,
            facets: false,
            ..request.clone()
        };
        search(&page)
            .hits
            .into_iter()
            .map(|hit| (hit.record.id, hit.snippet.fragment))
            .collect()
    } else {
        BTreeMap::new()
    };
    Answer {
        hits,
        total: results.total,
        facets: format!("{:?}", results.facets),
        fuzzy: results.fuzzy,
        snippets,
    }
}

/// The ids that must be on the snippet page of `request` in any index
/// with these `hits` (sorted as [`answer`] sorts them): those in the
/// page's window whose sort key no hit outside the window shares (a tie
/// across the window's edge may be broken either way).
fn certain_on_page(hits: &[(u32, String, String)], request: &SearchRequest) -> Vec<String> {
    let key = |hit: &(u32, String, String)| match request.sort {
        Sort::Relevance => hit.0.to_string(),
        Sort::Date => hit.1.clone(),
    };
    let start = request.offset.min(hits.len());
    let end = (request.offset + SNIPPET_PAGE.min(request.limit)).min(hits.len());
    let before = start.checked_sub(1).map(|i| key(&hits[i]));
    let after = hits.get(end).map(key);
    hits[start..end]
        .iter()
        .filter(|hit| {
            let k = Some(key(hit));
            k != before && k != after
        })
        .map(|hit| hit.2.clone())
        .collect()
}

/// Compares two indexes: the same documents with the same stored records,
/// and for every query the same answer. `exact`: the same hits in the
/// same order with scores equal bit for bit, the same snippets; otherwise
/// (the reference holds deleted documents, which tantivy counts in its
/// ranking statistics until it merges them away, so scores differ by a
/// few percent) the same set of hits, totals and facets. Queries are made
/// from every `every`-th paper. Returns (documents, queries, queries with
/// hits).
pub fn assert_same_index(
    reference: &Path,
    other: &Path,
    exact: bool,
    every: usize,
) -> (usize, usize, usize) {
    // One record at a time: a large index's records do not fit twice in
    // memory.
    let (index_a, index_b) = (
        RatsIndex::open(reference).unwrap(),
        RatsIndex::open(other).unwrap(),
    );
    let ids = |index: &RatsIndex| -> Vec<String> {
        let mut ids = live_ids(index).unwrap().0;
        ids.sort();
        ids
    };
    let expected_ids = ids(&index_a);
    assert!(expected_ids == ids(&index_b), "document ids differ");
    let (searcher_a, searcher_b) = (
        last_commit(&index_a).unwrap(),
        last_commit(&index_b).unwrap(),
    );
    let mut sample = BTreeMap::new();
    for (n, id) in expected_ids.iter().enumerate() {
        let want = stored_record(&index_a, &searcher_a, id).unwrap();
        let got = stored_record(&index_b, &searcher_b, id).unwrap();
        assert!(want.is_some() && want == got, "stored record {id} differs");
        if n % every.max(1) == 0 {
            sample.insert(id.clone(), want.unwrap());
        }
    }
    let mut requests = queries(&sample, 1);
    if !exact {
        // Snippets are ranked by the same statistics as the hits.
        for request in &mut requests {
            request.snippets = false;
        }
    }
    let (a, b) = (
        Finder::new(&RatsIndex::open(reference).unwrap()).unwrap(),
        Finder::new(&RatsIndex::open(other).unwrap()).unwrap(),
    );
    let mut with_hits = 0;
    for request in &requests {
        let (want, got) = (answer(&a, request), answer(&b, request));
        if !want.hits.is_empty() {
            with_hits += 1;
        }
        if exact {
            let query = format!("query {:?} ({:?})", request.query, request.sort);
            assert_eq!(want.hits, got.hits, "{query}: hits");
            assert_eq!(want.total, got.total, "{query}: total");
            assert_eq!(want.facets, got.facets, "{query}: facets");
            assert_eq!(want.fuzzy, got.fuzzy, "{query}: fuzzy");
            // The page may start or end within a tie differently: the
            // hits it must hold have the same snippets in both, and every
            // hit on both pages too.
            let certain = if request.snippets {
                certain_on_page(&want.hits, request)
            } else {
                Vec::new()
            };
            for id in certain {
                let (a, b) = (want.snippets.get(&id), got.snippets.get(&id));
                assert!(a.is_some() && a == b, "{query}: snippet of {id}");
            }
            for (id, snippet) in &want.snippets {
                if let Some(other) = got.snippets.get(id) {
                    assert_eq!(snippet, other, "{query}: snippet of {id}");
                }
            }
            continue;
        }
        assert_eq!(want.total, got.total, "query {:?}", request.query);
        assert_eq!(want.facets, got.facets, "query {:?}", request.query);
        let ids = |answer: &Answer| -> BTreeSet<String> {
            answer.hits.iter().map(|h| h.2.clone()).collect()
        };
        assert_eq!(
            ids(&want),
            ids(&got),
            "query {:?}: other hits",
            request.query
        );
    }
    (expected_ids.len(), requests.len(), with_hits)
}
