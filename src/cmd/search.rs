//! `ratsindex search`: the best matching papers, as a readable list on a
//! terminal or JSON Lines for scripts, with optional facet counts.

use std::io::{self, Write};

use ratsindex::index::search::{self, FacetCount, Facets, Hit, SearchRequest, Sort};
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;

use crate::cli::{SearchArgs, SortArg};
use crate::exit::Exit;

/// How matched words are marked in snippets.
#[derive(Clone, Copy, Debug)]
pub struct Marks {
    open: &'static str,
    close: &'static str,
}

impl Marks {
    /// ANSI bold on a terminal (see `--color`, `NO_COLOR`), «…»
    /// otherwise.
    pub fn for_stdout() -> Marks {
        if super::style::stdout() {
            Marks {
                open: "\x1b[1m",
                close: "\x1b[0m",
            }
        } else {
            Marks::PLAIN
        }
    }

    /// «…», for files, pipes and JSON.
    pub const PLAIN: Marks = Marks {
        open: "«",
        close: "»",
    };
}

/// Runs the query and prints the hits.
pub fn run(args: SearchArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let request = SearchRequest {
        query: args.query.clone(),
        bodies: args.body.clone(),
        paper_type: args.paper_type.clone(),
        committee: args.committee.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        limit: if args.count { 0 } else { args.limit },
        offset: args.offset,
        count: args.count,
        facets: args.facets,
        snippets: !args.count,
    };
    let results = search::search(&index, &request)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.count {
        writeln!(out, "{}", results.total.unwrap_or_default())?;
    } else if args.json {
        for hit in &results.hits {
            serde_json::to_writer(&mut out, &hit_json(hit, results.fuzzy))?;
            writeln!(out)?;
        }
    } else {
        let marks = Marks::for_stdout();
        for (i, hit) in results.hits.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write_hit(&mut out, hit, marks, results.fuzzy)?;
        }
    }
    if let Some(facets) = &results.facets {
        if args.json {
            let line =
                serde_json::json!({ "type": "facets", "total": results.total, "facets": facets });
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        } else {
            if !args.count && !results.hits.is_empty() {
                writeln!(out)?;
            }
            write_facets(&mut out, facets)?;
        }
    }
    out.flush()?;
    let nothing = match results.total {
        Some(total) => total == 0,
        None => results.hits.is_empty(),
    };
    if nothing {
        eprintln!("ratsindex: no papers match {:?}", args.query);
        return Ok(Exit::Partial);
    }
    if !args.json && !args.count {
        eprintln!("ratsindex: {}", summary(&args, &results));
    } else if results.fuzzy {
        eprintln!("ratsindex: {}", typo_note(&args.query));
    }
    Ok(Exit::Success)
}

/// "papers 1–10 of 57" (or, when not counted, where the next page starts).
fn summary(args: &SearchArgs, results: &search::Results) -> String {
    let shown = results.hits.len();
    let mut line = if shown == 0 {
        format!("no papers after the first {}", args.offset)
    } else {
        format!("papers {}–{}", args.offset + 1, args.offset + shown)
    };
    match results.total {
        Some(total) => line.push_str(&format!(" of {total}")),
        None if shown == args.limit => line.push_str(&format!(
            "; more with --offset {} (--count for the total)",
            args.offset + shown
        )),
        None => {}
    }
    if results.fuzzy {
        line.push_str(" — ");
        line.push_str(&typo_note(&args.query));
    }
    line
}

/// What a typo match means, for stderr.
fn typo_note(query: &str) -> String {
    format!(
        "nothing matches {query:?} as written; these papers match with one typo \
         in a word of {} letters or more",
        search::query::FUZZY_MIN_LETTERS + 1
    )
}

/// One hit as JSON: `"type": "hit"` (the facets line of `--facets` has
/// `"type": "facets"`), the stored record without its text, plus score,
/// snippet and how it matched (`"matched"`: `"fuzzy"` for a typo match,
/// else `"exact"`); also the hits of `serve`'s `/api/search`.
pub fn hit_json(hit: &Hit, fuzzy: bool) -> serde_json::Value {
    let mut value = serde_json::to_value(&hit.record).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.remove("text");
        object.insert("type".into(), serde_json::json!("hit"));
        object.insert("score".into(), serde_json::json!(hit.score));
        object.insert(
            "matched".into(),
            serde_json::json!(if fuzzy { "fuzzy" } else { "exact" }),
        );
        object.insert(
            "snippet".into(),
            serde_json::json!(hit.snippet.marked(Marks::PLAIN.open, Marks::PLAIN.close)),
        );
    }
    value
}

/// The one-line head of a paper: number, date, body, type.
pub fn head_line(record: &Record) -> String {
    let dash = "–";
    format!(
        "{}  {}  {}  {}",
        record.reference.as_deref().unwrap_or(dash),
        record.date.as_deref().unwrap_or(dash),
        record.body.as_deref().unwrap_or(dash),
        record.paper_type.as_deref().unwrap_or(dash),
    )
}

fn write_hit(out: &mut impl Write, hit: &Hit, marks: Marks, fuzzy: bool) -> io::Result<()> {
    let flag = if fuzzy { "  [typo match]" } else { "" };
    writeln!(out, "{}{flag}", head_line(&hit.record))?;
    writeln!(
        out,
        "    {}",
        hit.record.title.as_deref().unwrap_or("(no title)")
    )?;
    if !hit.snippet.fragment.is_empty() {
        writeln!(out, "    …{}…", hit.snippet.marked(marks.open, marks.close))?;
    }
    writeln!(out, "    {}", hit.record.source.path)?;
    writeln!(out, "    id {}", hit.record.id)
}

/// Facet counts, one line per facet.
pub fn write_facets(out: &mut impl Write, facets: &Facets) -> io::Result<()> {
    let line = |counts: &[FacetCount]| {
        if counts.is_empty() {
            return "–".to_string();
        }
        counts
            .iter()
            .map(|c| format!("{} ({})", c.value, c.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "by body:      {}", line(&facets.body))?;
    writeln!(out, "by type:      {}", line(&facets.paper_type))?;
    writeln!(out, "by year:      {}", line(&facets.year))?;
    writeln!(out, "by committee: {}", line(&facets.committee))
}
