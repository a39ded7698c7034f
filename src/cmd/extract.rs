//! `ratsindex extract`: records as JSON Lines on stdout, no index.
//!
//! With `--files-from`, the paths come from a file or stdin and every one
//! gets its lines (one, or one per paper of a session bundle), in input
//! order and flushed at once ([`files_from`]): the form a cluster engine
//! pipes a partition through.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use anyhow::Context;
use ratsindex::error::FileError;
use ratsindex::index::writer::FileStamp;
use ratsindex::ingest::collect_files;
use ratsindex::ingest::records::{ErrorLine, FileKey, RecordLine};
use ratsindex::pipeline::{process_path_all_within, Pipeline};
use rayon::prelude::*;

use ratsindex::record::{Provenance, Record, EXTRACTED_FIELDS};

use crate::cli::ExtractArgs;
use crate::exit::Exit;

/// Extracts every file and prints one record per line, in input order.
pub fn run(args: ExtractArgs) -> anyhow::Result<Exit> {
    // A path on the command line that does not exist is a usage error
    // (exit 2, nothing done), as for `ingest`.
    if let Some(missing) = args.paths.iter().find(
        |p| matches!(std::fs::symlink_metadata(p), Err(e) if e.kind() == io::ErrorKind::NotFound),
    ) {
        eprintln!(
            "ratsindex: {}: no such file or directory",
            missing.display()
        );
        return Ok(Exit::Error);
    }
    if args.list_files {
        return list_files(&args.paths);
    }
    let pipeline = std::sync::Arc::new(
        super::pipeline(&args.rules)?.with_ocr(args.ocr.settings(args.ocr_cache.clone())),
    );
    let budget = args.budget.duration();
    if let Some(list) = &args.files_from {
        return files_from(list, pipeline, args.body.as_deref(), budget);
    }
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
    // The process ends here: freeing the compiled rules would cost about
    // a tenth of a one-file run and give nothing back.
    std::mem::forget(pipeline);
    Ok(if failed { Exit::Partial } else { Exit::Success })
}

/// `--list-files`: the document files below the paths, as ingest walks
/// them (the given paths tidied the same way), one per line.
fn list_files(paths: &[PathBuf]) -> anyhow::Result<Exit> {
    let roots: Vec<PathBuf> = paths
        .iter()
        .map(|p| ratsindex::ingest::walk::tidy(p))
        .collect();
    let mut failures = Vec::new();
    let files = collect_files(&roots, &mut failures);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for file in &files {
        out.write_all(&path_bytes(file))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    for failure in &failures {
        eprintln!("ratsindex: {failure}");
    }
    Ok(if failures.is_empty() {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// How many paths may be read ahead of the first one not yet printed: a
/// slow file holds back at most this many finished records in memory.
const READ_AHEAD: usize = 256;

/// One finished input of `--files-from`: its papers (one, or those of a
/// session bundle) or why it failed.
type Done = (
    usize,
    PathBuf,
    Option<FileStamp>,
    Result<Vec<Record>, FileError>,
);

/// `--files-from`: paths from `list` (`-`: stdin), extracted in parallel,
/// printed in input order, each input's lines flushed as soon as they and
/// all before them are done. An input is one line (its record, or its
/// error), except a session bundle: one line per paper, one after the
/// other in the bundle's order, each with its `bundle` (`part` 1 to
/// `parts`). So a consumer reads an input's lines up to the first line
/// that has no `bundle` object (`null`, or an error line) or whose
/// `bundle.part` equals `bundle.parts`.
fn files_from(
    list: &Path,
    pipeline: Arc<Pipeline>,
    body: Option<&str>,
    budget: Option<std::time::Duration>,
) -> anyhow::Result<Exit> {
    let input: Box<dyn BufRead + Send> = if list == Path::new("-") {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        let file = std::fs::File::open(list)
            .with_context(|| format!("cannot open the list of files {}", list.display()))?;
        Box::new(io::BufReader::new(file))
    };
    // How many lines are printed; the reader waits while it is
    // READ_AHEAD behind.
    let printed = Arc::new((Mutex::new(0usize), Condvar::new()));
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
    let reader = {
        let printed = Arc::clone(&printed);
        let body = body.map(str::to_owned);
        std::thread::Builder::new()
            .name("ratsindex-files-from".into())
            .spawn(move || read_paths(input, &printed, &done_tx, &pipeline, body, budget))
            .context("cannot start the reader thread")?
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
    let mut next = 0;
    let mut failed = false;
    for done in done_rx {
        waiting.insert(done.0, done);
        while let Some((_, _, stamp, result)) = waiting.remove(&next) {
            let mut lines = Vec::new();
            match result {
                Ok(records) => {
                    for record in &records {
                        serde_json::to_writer(
                            &mut lines,
                            &RecordLine {
                                record,
                                file: stamp.map(FileKey::from),
                            },
                        )?;
                        lines.push(b'\n');
                    }
                }
                Err(err) => {
                    eprintln!("ratsindex: {err}");
                    failed = true;
                    serde_json::to_writer(&mut lines, &ErrorLine::from(&err))?;
                    lines.push(b'\n');
                }
            }
            out.write_all(&lines)?;
            out.flush()?;
            next += 1;
            let (count, wake) = &*printed;
            *count.lock().unwrap_or_else(|p| p.into_inner()) = next;
            wake.notify_all();
        }
    }
    // Every sender is gone: the reader is done.
    match reader.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return Err(e)
                .with_context(|| format!("cannot read the list of files {}", list.display()))
        }
        Err(_) => anyhow::bail!("the reader of {} panicked", list.display()),
    }
    Ok(if failed { Exit::Partial } else { Exit::Success })
}

/// The reader of `--files-from`: one job per path on the rayon pool, at
/// most [`READ_AHEAD`] ahead of the printer.
fn read_paths(
    mut input: Box<dyn BufRead + Send>,
    printed: &(Mutex<usize>, Condvar),
    done: &std::sync::mpsc::Sender<Done>,
    pipeline: &Arc<Pipeline>,
    body: Option<String>,
    budget: Option<std::time::Duration>,
) -> io::Result<()> {
    let mut seq = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let path = path_from_bytes(&line);
        {
            let (count, wake) = printed;
            let mut count = count.lock().unwrap_or_else(|p| p.into_inner());
            while seq >= *count + READ_AHEAD {
                count = wake.wait(count).unwrap_or_else(|p| p.into_inner());
            }
        }
        let (done, pipeline, body) = (done.clone(), Arc::clone(pipeline), body.clone());
        rayon::spawn(move || {
            let stamp = std::fs::metadata(&path)
                .ok()
                .map(|meta| FileStamp::from_metadata(&meta));
            let result = papers(
                &path,
                process_path_all_within(&pipeline, &path, body.as_deref(), budget),
            );
            let _ = done.send((seq, path, stamp, result));
        });
        seq += 1;
    }
}

/// The records a `--files-from` input prints: every paper of the file
/// (one line each); a file without any is a failure.
fn papers(path: &Path, result: Result<Vec<Record>, FileError>) -> Result<Vec<Record>, FileError> {
    let records = result?;
    if records.is_empty() {
        return Err(FileError::new(
            path,
            ratsindex::error::Stage::Extract,
            "no paper found",
        ));
    }
    Ok(records)
}

/// A path from the bytes of a line (any bytes on Unix).
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The bytes of a path, as [`path_from_bytes`] reads them back.
fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
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
        ("date", &explanation.date),
        ("committees", &explanation.committees),
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
