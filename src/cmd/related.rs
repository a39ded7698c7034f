//! `ratsindex related`: the papers a paper cites, the papers citing it and
//! the most similar papers.

use std::io::{self, Write};

use ratsindex::index::search::{self, related};
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;

use crate::cli::RelatedArgs;
use crate::cmd::search::head_line;
use crate::exit::Exit;

/// Finds and prints the related papers.
pub fn run(args: RelatedArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let mut records = search::lookup(&index, &args.id_or_reference, args.body.as_deref())?;
    if records.is_empty() {
        eprintln!(
            "ratsindex: no paper with id or number {:?}",
            args.id_or_reference
        );
        return Ok(Exit::Partial);
    }
    if records.len() > 1 {
        eprintln!(
            "ratsindex: {} papers have the number {:?}; showing the first (--body NAME or the id picks one)",
            records.len(),
            args.id_or_reference
        );
    }
    let paper = records.swap_remove(0);
    let related = related::related(&index, paper)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        let value = serde_json::json!({
            "paper": summary(&related.paper),
            "cites": related.cites.iter().map(|c| serde_json::json!({
                "reference": c.reference,
                "papers": c.papers.iter().map(summary).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "cited_by": related.cited_by.iter().map(summary).collect::<Vec<_>>(),
            "similar": related.similar.iter().map(|(score, r)| {
                let mut s = summary(r);
                s["score"] = serde_json::json!(score);
                s
            }).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", head_line(&related.paper))?;
        writeln!(out, "    {}", title(&related.paper))?;
        writeln!(out, "\ncites:")?;
        if related.cites.is_empty() {
            writeln!(out, "    –")?;
        }
        for citation in &related.cites {
            if citation.papers.is_empty() {
                writeln!(out, "    {} (not in the index)", citation.reference)?;
            }
            for paper in &citation.papers {
                writeln!(out, "    {}  {}", head_line(paper), title(paper))?;
            }
        }
        writeln!(out, "\ncited by:")?;
        if related.cited_by.is_empty() {
            writeln!(out, "    –")?;
        }
        for paper in &related.cited_by {
            writeln!(out, "    {}  {}", head_line(paper), title(paper))?;
        }
        writeln!(out, "\nsimilar:")?;
        if related.similar.is_empty() {
            writeln!(out, "    –")?;
        }
        for (score, paper) in &related.similar {
            writeln!(
                out,
                "    {}  {}  ({score:.2})",
                head_line(paper),
                title(paper)
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

fn title(record: &Record) -> &str {
    record.title.as_deref().unwrap_or("(no title)")
}

/// The identifying fields of a paper.
fn summary(record: &Record) -> serde_json::Value {
    serde_json::json!({
        "id": record.id,
        "reference": record.reference,
        "body": record.body,
        "paper_type": record.paper_type,
        "title": record.title,
        "date": record.date,
    })
}
