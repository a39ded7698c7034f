//! `ratsindex ingest`: files (or, with `--records`, the records `extract`
//! wrote) into the index, with progress on stderr, a summary, and an
//! optional JSON report.
//!
//! Progress is an indicatif bar (docs/s, ETA) when stderr is a terminal,
//! and otherwise a plain line at each commit and every ten seconds, so
//! logs of nightly runs stay readable.

use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ratsindex::index::RatsIndex;
use ratsindex::ingest::records::{ingest_records, RecordsInput};
use ratsindex::ingest::{
    ingest, rebuild, Bodies, BodyRule, Event, IngestOptions, Progress, Summary,
};

use crate::cli::IngestArgs;
use crate::exit::Exit;

/// How often plain progress lines are printed.
const PLAIN_EVERY: Duration = Duration::from_secs(10);

/// Ingests the given paths and prints a summary on stderr.
pub fn run(args: IngestArgs) -> anyhow::Result<Exit> {
    if args.oparl.is_some() {
        return super::oparl::ingest(args);
    }
    // OCR results are cached beside the index (see `source::ocr`).
    let cache = args
        .index
        .index
        .join(ratsindex::source::ocr::CACHE_DIR_NAME);
    let ocr = args.ocr.settings(Some(cache));
    let body = match (args.body, args.body_from_dir) {
        (Some(name), _) => BodyRule::Fixed(name),
        (None, true) => BodyRule::FromDir,
        (None, false) => BodyRule::FromText,
    };
    let bodies = match &args.bodies {
        Some(path) => Bodies::load(path)?,
        None => Bodies::default(),
    };
    let options = IngestOptions {
        paths: args.paths,
        body,
        bodies,
        prune: args.prune,
        prune_max: f64::from(args.prune_max) / 100.0,
        force: args.force,
        full: args.full,
        checksum: args.checksum,
        commit_docs: args.commit_every.max(1),
        commit_interval: Duration::from_secs(args.commit_interval),
        writer_heap: usize::try_from(args.writer_memory * 1024 * 1024)
            .context("--writer-memory is too large for this machine")?,
        threads: args.threads,
        time_budget: args.budget.duration(),
        stop: Some(super::signal::install()),
    };
    let mut display = Display::new(args.quiet);
    // Kept for the report of a run that ends with an error.
    let mut last = Progress::default();
    let mut failures = Vec::new();
    let mut observer = |event: Event| {
        match &event {
            Event::Progress(p) | Event::Committed(p) => last = (*p).clone(),
            Event::Failed(failure) => failures.push((*failure).clone()),
        }
        display.show(event)
    };
    let result = if args.rebuild {
        // Not opened first: a damaged index may not open at all.
        let pipeline = super::pipeline(&args.rules)?.with_ocr(ocr);
        rebuild(&args.index.index, &pipeline, &options, &mut observer)
    } else {
        let index = RatsIndex::open_or_create(&args.index.index)
            .with_context(|| format!("cannot open index {}", args.index.index.display()))?;
        match &args.records {
            Some(records) => {
                let (input, name) = records_input(records)?;
                ingest_records(&index, input, &name, &options, &mut observer)
            }
            None => {
                let pipeline = super::pipeline(&args.rules)?.with_ocr(ocr);
                ingest(&index, &pipeline, &options, &mut observer)
            }
        }
    };
    display.finish();
    let summary = match result {
        Ok(summary) => summary,
        Err(error) => {
            // A nightly job reads the report even (above all) when the run
            // broke off: say why and how far it got.
            if let Some(path) = &args.report {
                let stopped = Summary::stopped_by(&error.to_string(), &last, failures);
                write_report(path, &stopped)?;
            }
            return Err(error.into());
        }
    };
    if !args.quiet {
        print_summary(&summary);
    }
    if let Some(path) = &args.report {
        write_report(path, &summary)?;
    }
    Ok(if summary.interrupted {
        eprintln!(
            "ratsindex: stopped by a signal; what was done is committed, \
             the next run does the rest"
        );
        Exit::Interrupted
    } else if summary.failed == 0 {
        Exit::Success
    } else {
        Exit::Partial
    })
}

fn write_report(path: &std::path::Path, summary: &Summary) -> anyhow::Result<()> {
    let json = serde_json::to_string_pretty(summary)?;
    std::fs::write(path, json + "\n")
        .with_context(|| format!("cannot write report {}", path.display()))
}

/// The records to ingest: stdin for `-`, else the file.
fn records_input(path: &Path) -> anyhow::Result<(Box<dyn BufRead + Send>, RecordsInput)> {
    if path == Path::new("-") {
        let input = BufReader::with_capacity(1 << 20, std::io::stdin());
        return Ok((Box::new(input), RecordsInput { name: "-".into() }));
    }
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open records {}", path.display()))?;
    let name = path.display().to_string();
    Ok((
        Box::new(BufReader::with_capacity(1 << 20, file)),
        RecordsInput { name },
    ))
}

/// The scans and bundles of the run, on stderr: the files that got OCR,
/// the files that need it (with why not), the bundles split.
fn print_scans(summary: &Summary) {
    let scans = &summary.scans;
    for file in &scans.needs_ocr {
        eprintln!(
            "ratsindex: needs OCR: {} (pages {}){}",
            file.path.display(),
            pages(&file.needed),
            file.reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        );
    }
    for file in &scans.ocr_files {
        eprintln!(
            "ratsindex: OCR: {} (pages {}, mean confidence {:.1})",
            file.path.display(),
            pages(&file.pages),
            file.mean_confidence.unwrap_or(0.0)
        );
    }
    for bundle in &scans.bundles {
        eprintln!(
            "ratsindex: bundle: {} split into {} papers ({})",
            bundle.path.display(),
            bundle.papers.len(),
            bundle
                .papers
                .iter()
                .map(|p| format!(
                    "{} pp. {}-{}",
                    p.reference.as_deref().unwrap_or("?"),
                    p.pages[0],
                    p.pages[1]
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if !scans.ocr_files.is_empty() || !scans.needs_ocr.is_empty() {
        eprintln!(
            "ratsindex: {} files ({} pages) read by OCR ({} pages by Tesseract, {} from the cache), \
             {} files need OCR",
            scans.ocr_files.len(),
            scans.ocr_pages,
            scans.ocr_pages_run,
            (scans.ocr_pages as u64).saturating_sub(scans.ocr_pages_run),
            scans.needs_ocr.len()
        );
    }
}

fn pages(pages: &[u32]) -> String {
    pages
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_summary(summary: &Summary) {
    print_scans(summary);
    for warning in &summary.warnings {
        eprintln!(
            "ratsindex: warning: {}: {}",
            warning.path.display(),
            warning.reason
        );
    }
    // A rate only for files actually read: a run that found everything
    // unchanged read nothing, and "40000 docs/s" would say otherwise.
    let rate = if summary.files_read > 0 {
        format!(
            ", {} read at {:.0} docs/s",
            summary.files_read, summary.docs_per_s
        )
    } else {
        ", nothing to read".to_string()
    };
    eprintln!(
        "ratsindex: {} found, {} new, {} updated, {} unchanged, {} duplicates, {} failed, {} removed; \
         {} documents in the index; {:.1} s{rate}",
        summary.found,
        summary.new,
        summary.updated,
        summary.unchanged,
        summary.duplicates,
        summary.failed,
        summary.removed,
        summary.documents,
        summary.elapsed_s,
    );
}

/// Where progress goes.
enum Display {
    Quiet,
    /// On a terminal; `walk_done` once the bar shows an ETA.
    Bar {
        bar: ProgressBar,
        walk_done: bool,
    },
    Plain {
        last: Instant,
    },
}

/// The bar: files found so far while the walk goes on (no ETA), then
/// with the ETA.
fn bar_style(walk_done: bool) -> ProgressStyle {
    let template = if walk_done {
        "{elapsed_precise} [{bar:30}] {pos}/{len} files, ETA {eta}, {msg}"
    } else {
        "{elapsed_precise} [{bar:30}] {pos}/{len}+ files (still looking for more), {msg}"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// The counts of a progress line, with a rate of the files read (new and
/// updated) once there are some.
fn counts(p: &Progress) -> String {
    let read = p.new + p.updated;
    let rate = if read > 0 {
        format!(
            "{:.0} docs/s read, ",
            read as f64 / p.elapsed.as_secs_f64().max(0.001)
        )
    } else {
        String::new()
    };
    format!(
        "{rate}{} new, {} updated, {} unchanged, {} failed",
        p.new, p.updated, p.unchanged, p.failed
    )
}

impl Display {
    fn new(quiet: bool) -> Display {
        if quiet {
            Display::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(bar_style(false));
            Display::Bar {
                bar,
                walk_done: false,
            }
        } else {
            Display::Plain {
                last: Instant::now(),
            }
        }
    }

    fn show(&mut self, event: Event) {
        match (self, event) {
            // Failures are printed even with --quiet: they are the point.
            (Display::Bar { bar, .. }, Event::Failed(failure)) => {
                bar.suspend(|| eprintln!("ratsindex: {failure}"))
            }
            (_, Event::Failed(failure)) => eprintln!("ratsindex: {failure}"),
            (Display::Quiet, _) => {}
            (Display::Bar { bar, walk_done }, Event::Progress(p) | Event::Committed(p)) => {
                // The count of files grows while the walk goes on; an ETA
                // before it is over would be a guess on a part.
                if p.walk_done && !*walk_done {
                    *walk_done = true;
                    bar.set_style(bar_style(true));
                }
                bar.set_length(p.found as u64);
                bar.set_position(p.done as u64);
                bar.set_message(counts(p));
            }
            (Display::Plain { .. }, Event::Committed(p)) => {
                eprintln!(
                    "ratsindex: committed {} documents; {}",
                    p.committed,
                    line(p)
                );
            }
            (Display::Plain { last }, Event::Progress(p)) => {
                if last.elapsed() >= PLAIN_EVERY {
                    *last = Instant::now();
                    eprintln!("ratsindex: {}", line(p));
                }
            }
        }
    }

    fn finish(&self) {
        if let Display::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}

/// One plain progress line: no ETA while the walk goes on.
fn line(p: &Progress) -> String {
    let secs = p.elapsed.as_secs_f64().max(0.001);
    let total = if p.walk_done {
        p.found.to_string()
    } else {
        format!("{}+", p.found)
    };
    // The ETA from the pace of all files handled (unchanged ones are
    // quick, so it is the pace of this mix).
    let pace = p.done as f64 / secs;
    let eta = if p.walk_done && pace > 0.0 {
        format!(
            ", ETA {:.0} s",
            p.found.saturating_sub(p.done) as f64 / pace
        )
    } else {
        String::new()
    };
    format!("{}/{} files ({}){}", p.done, total, counts(p), eta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(found: usize, walk_done: bool, new: usize, unchanged: usize) -> Progress {
        Progress {
            found,
            walk_done,
            done: new + unchanged,
            new,
            unchanged,
            elapsed: Duration::from_secs(2),
            ..Progress::default()
        }
    }

    #[test]
    fn no_eta_while_the_walk_goes_on() {
        let walking = line(&progress(6960, false, 100, 0));
        assert!(walking.starts_with("100/6960+ files"), "{walking}");
        assert!(!walking.contains("ETA"), "{walking}");
        let walked = line(&progress(200, true, 100, 0));
        assert!(walked.starts_with("100/200 files"), "{walked}");
        assert!(walked.contains("ETA 2 s"), "{walked}");
    }

    #[test]
    fn rates_count_only_files_read() {
        let skipping = line(&progress(40000, true, 0, 30000));
        assert!(!skipping.contains("docs/s"), "{skipping}");
        let reading = counts(&progress(40000, true, 10, 30000));
        assert!(reading.starts_with("5 docs/s read"), "{reading}");
    }
}
