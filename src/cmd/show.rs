//! `ratsindex show`: one stored paper, by document id, a unique start of
//! one, or paper number: a readable summary on a terminal, the record as
//! JSON with `--json` (and, as before, whenever stdout is not a terminal).

use std::io::{self, IsTerminal, Write};

use ratsindex::index::search::{self, MIN_ID_PREFIX};
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;

use crate::cli::ShowArgs;
use crate::cmd::style::bold;
use crate::exit::Exit;

/// How much of the decision proposal the summary prints.
const PROPOSAL_CHARS: usize = 600;
/// How many actors, cited papers and attachments the summary names.
const LIST_ITEMS: usize = 12;

/// Prints the record(s) with this id, id start or number.
pub fn run(args: ShowArgs) -> anyhow::Result<Exit> {
    let index = RatsIndex::open(&args.index.index)?;
    let wanted = &args.id_or_reference;
    let records = search::lookup(&index, wanted, args.body.as_deref())?;
    let in_body = args
        .body
        .as_deref()
        .map(|b| format!(" in {b}"))
        .unwrap_or_default();
    if records.is_empty() {
        let ambiguous = search::with_id_prefix(&index, wanted, args.body.as_deref(), 10)?;
        if ambiguous.len() > 1 {
            let ids: Vec<&str> = ambiguous.iter().map(|r| r.id.as_str()).collect();
            eprintln!(
                "ratsindex: {} ids start with {wanted:?}{in_body} ({}{}); give more digits",
                if ambiguous.len() >= 10 {
                    "10 or more".to_string()
                } else {
                    ambiguous.len().to_string()
                },
                ids.join(", "),
                if ambiguous.len() >= 10 { ", …" } else { "" }
            );
            return Ok(Exit::Error);
        }
        eprintln!(
            "ratsindex: no paper with the id, id start (at least {MIN_ID_PREFIX} digits) \
             or number {wanted:?}{in_body}"
        );
        return Ok(Exit::Partial);
    }
    if records.len() > 1 {
        eprintln!(
            "ratsindex: {} papers have the number {wanted:?}; --body NAME or the id picks one",
            records.len(),
        );
    }
    let summary = !args.json && (args.summary || io::stdout().is_terminal());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for (i, record) in records.iter().enumerate() {
        if summary {
            if i > 0 {
                writeln!(out)?;
            }
            write_summary(&mut out, record)?;
        } else {
            serde_json::to_writer_pretty(&mut out, record)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// The paper in a screenful: its head, the fields that are there, and
/// how long the text is.
pub fn write_summary(out: &mut impl Write, r: &Record) -> io::Result<()> {
    let dash = "–".to_string();
    writeln!(
        out,
        "{}  {}",
        bold(r.reference.as_deref().unwrap_or("(no number)")),
        r.title.as_deref().unwrap_or("(no title)")
    )?;
    let mut field = |name: &str, value: String| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let label = if name.is_empty() {
            String::new()
        } else {
            format!("{name}:")
        };
        writeln!(out, "  {label:<15}{value}")
    };
    field("type", r.paper_type.clone().unwrap_or(dash.clone()))?;
    field("date", r.date.clone().unwrap_or(dash.clone()))?;
    field("body", r.body.clone().unwrap_or(dash.clone()))?;
    field(
        "public",
        match r.public {
            Some(true) => "öffentlich".into(),
            Some(false) => "nichtöffentlich".into(),
            None => dash.clone(),
        },
    )?;
    field("department", r.department.clone().unwrap_or_default())?;
    field("author", r.author.clone().unwrap_or_default())?;
    for (i, c) in r.consultations.iter().enumerate() {
        let mut line = c.committee.clone();
        if let Some(date) = &c.date {
            line.push_str(&format!(", {date}"));
        }
        if let Some(role) = &c.role {
            line.push_str(&format!(" ({role})"));
        }
        field(if i == 0 { "consultations" } else { "" }, line)?;
    }
    if let Some(proposal) = &r.decision_proposal {
        field("proposal", shorten(proposal, PROPOSAL_CHARS))?;
    }
    match (r.finance.impact, r.finance.total) {
        (Some(true), Some(total)) => field("finance", format!("impact, total {total:.2} €"))?,
        (Some(true), None) => field("finance", "impact".into())?,
        (Some(false), _) => field("finance", "no impact".into())?,
        (None, _) => {}
    }
    field("actors", list(r.actors.iter().map(|a| a.name.as_str())))?;
    field("cites", list(r.references.iter().map(String::as_str)))?;
    field(
        "attachments",
        list(r.attachments.iter().map(String::as_str)),
    )?;
    let pages = r
        .source
        .pages
        .map(|p| format!(", {p} pages"))
        .unwrap_or_default();
    let format = serde_json::to_value(r.source.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    field("file", format!("{} ({format}{pages})", r.source.path))?;
    field("id", r.id.clone())?;
    for warning in &r.warnings {
        field("warning", warning.clone())?;
    }
    field(
        "text",
        format!(
            "{} characters (--json prints the whole record)",
            r.text.chars().count()
        ),
    )
}

/// At most `max` characters of `text`, on one line.
fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut} …")
}

/// The first [`LIST_ITEMS`] items, comma-separated, and how many more.
fn list<'a>(items: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = items.len();
    let shown: Vec<&str> = items.take(LIST_ITEMS).collect();
    let mut line = shown.join(", ");
    if total > LIST_ITEMS {
        line.push_str(&format!(" and {} more", total - LIST_ITEMS));
    }
    line
}
