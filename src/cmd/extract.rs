//! `ratsindex extract`: records as JSON Lines on stdout, no index.

use std::io::{self, BufWriter, Write};

use ratsindex::ingest::collect_files;
use ratsindex::pipeline::process_path_all_within;
use rayon::prelude::*;

use ratsindex::record::{Provenance, Record, EXTRACTED_FIELDS};

use crate::cli::ExtractArgs;
use crate::exit::Exit;

/// Extracts every file and prints one record per line, in input order.
pub fn run(args: ExtractArgs) -> anyhow::Result<Exit> {
    let pipeline = std::sync::Arc::new(
        super::pipeline(&args.rules)?.with_ocr(args.ocr.settings(args.ocr_cache.clone())),
    );
    let budget = args.budget.duration();
    let mut failures = Vec::new();
    let files = collect_files(&args.paths, &mut failures);
    for failure in &failures {
        eprintln!("ratsindex: {failure}");
    }
    let mut failed = !failures.is_empty();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Extract in parallel, print in input order, a bounded chunk at a time.
    for chunk in files.chunks(64) {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|path| process_path_all_within(&pipeline, path, args.body.as_deref(), budget))
            .collect();
        for result in results {
            match result {
                Ok(records) if args.explain => {
                    for record in records {
                        explain(&mut out, &record)?;
                        explain_header(&mut out, pipeline.extractor(), &record)?;
                    }
                }
                Ok(records) => {
                    for record in records {
                        serde_json::to_writer(&mut out, &record)?;
                        out.write_all(b"\n")?;
                    }
                }
                Err(err) => {
                    out.flush()?;
                    eprintln!("ratsindex: {err}");
                    failed = true;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed { Exit::Partial } else { Exit::Success })
}

/// Prints one record for a person adapting rules: every field, its value,
/// and for each value the page, rule id and the line of text it matched.
fn explain(out: &mut impl Write, record: &Record) -> anyhow::Result<()> {
    let json = serde_json::to_value(record)?;
    let lines = LineIndex::new(&record.text);
    writeln!(out, "== {}", record.source.path)?;
    for field in EXTRACTED_FIELDS {
        let value = &json[*field];
        match value {
            serde_json::Value::Array(items) => {
                if items.is_empty() {
                    writeln!(out, "{field}: (none)")?;
                }
                for (i, item) in items.iter().enumerate() {
                    let key = format!("{field}[{i}]");
                    writeln!(out, "{key}: {}", short(item))?;
                    write_source(out, record.provenance.get(&key), &lines)?;
                }
            }
            serde_json::Value::Null => writeln!(out, "{field}: (not found)")?,
            _ => {
                writeln!(out, "{field}: {}", short(value))?;
                write_source(out, record.provenance.get(*field), &lines)?;
            }
        }
    }
    for warning in &record.warnings {
        writeln!(out, "warning: {warning}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// The header as the extractor read it, and the title candidates.
fn explain_header(
    out: &mut impl Write,
    extractor: &ratsindex::extract::Extractor,
    record: &Record,
) -> io::Result<()> {
    let text = ratsindex::text::Text::from_str_pages(&record.text);
    let explanation = extractor.explain(&text);
    writeln!(out, "-- header lines as read (line: kind | text)")?;
    for (line, kind, t) in &explanation.header {
        writeln!(
            out,
            "  {line:>3}: {:<10} | {}",
            format!("{kind:?}"),
            clip(t, 100)
        )?;
    }
    for (field, candidates) in [
        ("title", &explanation.title),
        ("paper_type", &explanation.paper_type),
        ("reference", &explanation.reference),
    ] {
        writeln!(out, "-- {field} candidates (line: verdict | text)")?;
        if candidates.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for (line, t, verdict) in candidates {
            writeln!(out, "  {line:>3}: {verdict} | {}", clip(t, 100))?;
        }
    }
    writeln!(out)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        let cut: String = s.chars().take(n - 3).collect();
        format!("{cut}...")
    } else {
        s.to_string()
    }
}

fn write_source(
    out: &mut impl Write,
    provenance: Option<&Provenance>,
    lines: &LineIndex<'_>,
) -> io::Result<()> {
    match provenance {
        Some(p) => {
            let page = p.page.map_or("-".to_string(), |n| n.to_string());
            writeln!(out, "    page {page}, rule {}", p.rule)?;
            for (at, line) in lines.covering(p.span[0], p.span[1]).take(3) {
                writeln!(out, "    | {}", window(line, at, p.span[0], p.span[1]))?;
            }
            Ok(())
        }
        None => writeln!(
            out,
            "    (no provenance: given on the command line or a default)"
        ),
    }
}

/// A value on one line, shortened for reading.
fn short(value: &serde_json::Value) -> String {
    let s = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 160 {
        let cut: String = s.chars().take(157).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Lines of the record text by character offset.
struct LineIndex<'a> {
    /// (first char offset, line text)
    lines: Vec<(usize, &'a str)>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let mut lines = Vec::new();
        let mut chars = 0;
        for line in text.split(['\n', '\u{c}']) {
            lines.push((chars, line));
            chars += line.chars().count() + 1;
        }
        LineIndex { lines }
    }

    /// The lines (with their first char offset) that the character span
    /// `[start, end)` touches.
    fn covering(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        let first = self
            .lines
            .partition_point(|(at, _)| *at <= start)
            .saturating_sub(1);
        self.lines[first..]
            .iter()
            .take_while(move |(at, _)| *at < end.max(start + 1))
            .map(|(at, l)| (*at, l.trim_end()))
    }
}

/// A long line cut to the part around the span, marked with "…".
fn window(line: &str, line_at: usize, start: usize, end: usize) -> String {
    const WIDTH: usize = 160;
    let len = line.chars().count();
    if len <= WIDTH {
        return line.to_string();
    }
    let from = start.saturating_sub(line_at).saturating_sub(40).min(len);
    let to = (end.saturating_sub(line_at) + 40)
        .clamp(from, len)
        .min(from + WIDTH);
    let mut s: String = line.chars().skip(from).take(to - from).collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < len {
        s.push('…');
    }
    s
}
