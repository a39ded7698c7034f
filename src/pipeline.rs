//! One file through the whole extraction pipeline:
//! path → [`Source`] → [`RawDocument`](crate::source::RawDocument) →
//! [`Text`] → [`Extracted`](crate::extract::Extracted) → [`Record`].
//!
//! A panic anywhere inside (a bug, or a dependency choking on a hostile
//! file) is caught here and becomes a [`FileError`] for that file only.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{FileError, Stage};
use crate::extract::Extractor;
use crate::record::{document_id, part_id, BundlePart, Provenance, Record, SourceInfo};
use crate::source::ocr::clock::OcrClock;
use crate::source::ocr::{self, OcrSettings};
use crate::source::{self, RawDocument, Source};
use crate::text::Text;

/// Reads and extracts files; shared by all threads of a run.
#[derive(Clone, Debug)]
pub struct Pipeline {
    extractor: Extractor,
    ocr: OcrSettings,
    /// How much of a text the extractors read ([`EXTRACT_MAX_BYTES`]).
    extract_max_bytes: usize,
}

/// The most bytes of a paper's text the extractors read (the text is
/// indexed whole): about 3,000 pages of a council paper, far more than
/// any header, table or list of actors needs.
pub const EXTRACT_MAX_BYTES: usize = 8_000_000;

impl Pipeline {
    /// A pipeline using the given compiled rules (and OCR in its default
    /// mode, `auto`, without a cache).
    pub fn new(extractor: Extractor) -> Pipeline {
        Pipeline {
            extractor,
            ocr: OcrSettings::default(),
            extract_max_bytes: EXTRACT_MAX_BYTES,
        }
    }

    /// The same pipeline reading at most `bytes` of a text for fields.
    pub fn with_extract_max_bytes(mut self, bytes: usize) -> Pipeline {
        self.extract_max_bytes = bytes.max(1);
        self
    }

    /// The same pipeline with these OCR settings.
    pub fn with_ocr(mut self, ocr: OcrSettings) -> Pipeline {
        self.ocr = ocr;
        self
    }

    /// The OCR settings in use.
    pub fn ocr(&self) -> &OcrSettings {
        &self.ocr
    }

    /// The extractor in use.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Loads `path` and turns it into a record. `body` overrides what the
    /// text says about the city/council.
    pub fn process_path(&self, path: &Path, body: Option<&str>) -> Result<Record, FileError> {
        let source = Source::load(path)?;
        self.process_source(&source, body)
    }

    /// Loads `path` and turns it into one record per paper (several for a
    /// session bundle, see [`crate::bundle`]).
    pub fn process_path_all(
        &self,
        path: &Path,
        body: Option<&str>,
    ) -> Result<Vec<Record>, FileError> {
        let source = Source::load(path)?;
        self.process_source_all(&source, body)
    }

    /// Turns an already loaded source into a record: for a session bundle,
    /// its first paper ([`Pipeline::process_source_all`] gives them all).
    pub fn process_source(&self, source: &Source, body: Option<&str>) -> Result<Record, FileError> {
        let mut records = self.process_source_all(source, body)?;
        if records.is_empty() {
            return Err(FileError::new(
                &source.path,
                Stage::Extract,
                "no paper found",
            ));
        }
        Ok(records.swap_remove(0))
    }

    /// Turns an already loaded source into one record per paper.
    pub fn process_source_all(
        &self,
        source: &Source,
        body: Option<&str>,
    ) -> Result<Vec<Record>, FileError> {
        let result = catch_unwind(AssertUnwindSafe(|| self.process_unguarded(source, body)));
        match result {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                Err(FileError::new(
                    &source.path,
                    Stage::Extract,
                    format!("internal error while processing this file: {what}"),
                ))
            }
        }
    }

    fn process_unguarded(
        &self,
        source: &Source,
        body: Option<&str>,
    ) -> Result<Vec<Record>, FileError> {
        let started = crate::timing::start();
        let mut raw = source::read(source)?;
        // The path is only spelt out when timing is on.
        let path = started.map(|_| crate::source::path_text(&source.path));
        crate::timing::done(started, "read", path.as_deref().unwrap_or(""));
        let ocr = ocr::apply(source, &mut raw, &self.ocr);
        let started = crate::timing::start();
        let parts = if raw.paged && raw.pages.len() > 1 {
            crate::bundle::split(&raw.pages, &self.extractor)
        } else {
            Vec::new()
        };
        crate::timing::done(started, "split", "");
        if parts.len() < 2 {
            let all = 0..=raw.pages.len().saturating_sub(1);
            return Ok(vec![self.record(source, &raw, &ocr, body, all, None)]);
        }
        let bundle_id = document_id(&source.sha256);
        let count = parts.len() as u32;
        Ok(parts
            .into_iter()
            .enumerate()
            .map(|(k, pages)| {
                let part = BundlePart {
                    bundle_id: bundle_id.clone(),
                    path: crate::source::path_text(&source.path),
                    part: k as u32 + 1,
                    parts: count,
                    pages: [*pages.start() as u32 + 1, *pages.end() as u32 + 1],
                };
                self.record(source, &raw, &ocr, body, pages, Some(part))
            })
            .collect())
    }

    /// The record of the pages `pages` (0-based, inclusive) of a read
    /// file; `part` says which paper of a bundle they are.
    fn record(
        &self,
        source: &Source,
        raw: &RawDocument,
        ocr: &ocr::OcrResult,
        body: Option<&str>,
        pages: std::ops::RangeInclusive<usize>,
        part: Option<BundlePart>,
    ) -> Record {
        let first = *pages.start();
        let own = raw.pages.get(pages).unwrap_or(&[]);
        let text = Text::from_pages(own);
        // Fields stand in a paper's first pages: a huge text (a data dump,
        // a text export with its line breaks removed) is read for fields
        // only as far as EXTRACT_MAX_BYTES, in bounded time and memory, and
        // indexed whole.
        let head = text.head(self.extract_max_bytes);
        let started = crate::timing::start();
        let extracted = self.extractor.extract(head.as_ref().unwrap_or(&text));
        crate::timing::done(started, "extract", "");
        let mut warnings = raw.warnings.clone();
        if head.is_some() {
            warnings.push(format!(
                "fields read from the first {:.1} MB of {:.1} MB of text; the whole text is indexed",
                head.as_ref().map_or(0, |h| h.as_str().len()) as f64 / 1e6,
                text.as_str().len() as f64 / 1e6
            ));
        }
        drop(head);
        warnings.extend(extracted.warnings);
        let mut attachments = extracted.attachments;
        let mut provenance = extracted.provenance;
        let paper_types = self.extractor.rules().list("paper_types");
        for link in &raw.links {
            let title = attachment_title(&link.name);
            let listed = attachments
                .iter()
                .any(|a| attachment_key(a) == attachment_key(title));
            if !listed && !names_the_paper_itself(title, paper_types) {
                // Where the link's text stands in the page's text.
                let at = text.as_str().find(title);
                provenance.insert(
                    format!("attachments[{}]", attachments.len()),
                    Provenance {
                        page: at.map(|a| text.page_at(a)),
                        span: at.map_or([0, 0], |a| {
                            [text.char_offset(a), text.char_offset(a + title.len())]
                        }),
                        rule: "attachments.link".into(),
                    },
                );
                attachments.push(title.to_string());
            }
        }
        let file_id = document_id(&source.sha256);
        let id = match &part {
            Some(part) => {
                // Pages of a bundle's paper are the file's page numbers.
                for p in provenance.values_mut() {
                    if let Some(page) = p.page.as_mut() {
                        *page += first as u32;
                    }
                }
                warnings.push(format!(
                    "paper {} of {} in a session bundle (pages {}–{})",
                    part.part, part.parts, part.pages[0], part.pages[1]
                ));
                part_id(&file_id, part.part)
            }
            None => file_id,
        };
        let ocr_info = match &part {
            Some(part) => ocr.for_pages(part.pages[0], part.pages[1]),
            None => ocr.info.clone(),
        };
        Record {
            id,
            source: SourceInfo {
                path: crate::source::path_text(&source.path),
                sha256: source.sha256.clone(),
                format: raw.format,
                pages: raw.paged.then(|| text.page_count()),
            },
            body: body.map(str::to_owned).or(extracted.body),
            reference: extracted.reference,
            title: extracted.title,
            paper_type: extracted.paper_type,
            public: extracted.public,
            date: extracted.date,
            department: extracted.department,
            author: extracted.author,
            consultations: extracted.consultations,
            decision_proposal: extracted.decision_proposal,
            finance: extracted.finance,
            actors: extracted.actors,
            references: extracted.references,
            attachments,
            links: raw.links.clone(),
            warnings,
            provenance,
            text: text.into_string(),
            oparl: None,
            ocr: ocr_info,
            bundle: part,
        }
    }
}

/// Runs [`Pipeline::process_path`] on a thread of its own and waits at
/// most `budget` (`None`: no limit). A file over the budget is a
/// [`FileError`]; its thread, which Rust cannot stop, finishes in the
/// background and its result is dropped (the process ends it at exit).
pub fn process_path_within(
    pipeline: &Arc<Pipeline>,
    path: &Path,
    body: Option<&str>,
    budget: Option<Duration>,
) -> Result<Record, FileError> {
    let mut records = process_path_all_within(pipeline, path, body, budget)?;
    if records.is_empty() {
        return Err(FileError::new(path, Stage::Extract, "no paper found"));
    }
    Ok(records.swap_remove(0))
}

/// [`process_path_within`] for every paper of the file (see
/// [`Pipeline::process_path_all`]). Time spent in OCR does not count
/// against the budget (see [`crate::source::ocr::clock`]).
pub fn process_path_all_within(
    pipeline: &Arc<Pipeline>,
    path: &Path,
    body: Option<&str>,
    budget: Option<Duration>,
) -> Result<Vec<Record>, FileError> {
    let Some(budget) = budget else {
        return pipeline.process_path_all(path, body);
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let clock = OcrClock::new();
    let (own, file, body_owned, own_clock) = (
        Arc::clone(pipeline),
        path.to_path_buf(),
        body.map(str::to_owned),
        clock.clone(),
    );
    let spawned = std::thread::Builder::new()
        .name("ratsindex-file".into())
        .spawn(move || {
            let result = own_clock.run(|| own.process_path_all(&file, body_owned.as_deref()));
            let _ = tx.send(result);
        });
    if spawned.is_err() {
        // No thread to spare: work without the budget rather than fail.
        return pipeline.process_path_all(path, body);
    }
    let started = std::time::Instant::now();
    loop {
        let left = (budget + clock.elapsed()).saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(result) => return result,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                if started.elapsed() < budget + clock.elapsed() =>
            {
                continue
            }
            Err(_) => return Err(over_budget(path, budget)),
        }
    }
}

/// The failure of a file that took longer than `budget`.
pub fn over_budget(path: &Path, budget: Duration) -> FileError {
    FileError::new(
        path,
        Stage::Extract,
        format!(
            "took longer than the time budget of {} s per document; skipped",
            budget.as_secs_f64()
        ),
    )
}

/// A link's name as an attachment title: without an "Anlage 3 –" prefix,
/// as the extractor lists titles ("Anlage 1 - Lageplan" → "Lageplan").
fn attachment_title(name: &str) -> &str {
    let name = name.trim();
    let Some(head) = name.get(..6) else {
        return name;
    };
    let word_ends = name[6..].chars().next().is_none_or(|c| !c.is_alphabetic());
    if !head.eq_ignore_ascii_case("anlage") || !word_ends {
        return name;
    }
    let rest = name[6..].trim_start();
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let rest = rest
        .strip_prefix(|c: char| matches!(c, ':' | '.' | '-' | '–' | ')'))
        .unwrap_or(rest)
        .trim_start();
    if rest.is_empty() {
        name
    } else {
        rest
    }
}

/// An attachment title for comparison: lowercase, spaces collapsed.
fn attachment_key(title: &str) -> String {
    attachment_title(title)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a link's name is the paper's own document rather than an
/// attachment: "Vorlage", "Drucksache", or a paper type ("Beschlussvorlage").
fn names_the_paper_itself(title: &str, paper_types: &[String]) -> bool {
    let title = title.trim();
    [
        "Vorlage",
        "Drucksache",
        "Vorlagendokument",
        "Originalvorlage",
    ]
    .iter()
    .any(|n| title.eq_ignore_ascii_case(n))
        || paper_types.iter().any(|t| title.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::{attachment_key, attachment_title, names_the_paper_itself};

    #[test]
    fn link_names_and_listed_titles_compare_without_prefix() {
        assert_eq!(attachment_title("Anlage 1 - Lageplan"), "Lageplan");
        assert_eq!(
            attachment_title("Anlage 2 Maßnahmenliste"),
            "Maßnahmenliste"
        );
        assert_eq!(attachment_title("Anlagenverzeichnis"), "Anlagenverzeichnis");
        assert_eq!(attachment_title("Anlage"), "Anlage");
        assert_eq!(
            attachment_key("Anlage 1 - Lageplan"),
            attachment_key("Lageplan")
        );
        assert_eq!(
            attachment_key("anlage 2: Kosten  Übersicht"),
            "kosten übersicht"
        );
        assert_ne!(
            attachment_key("Anlage 1 - Lageplan"),
            attachment_key("Kosten")
        );
    }

    #[test]
    fn the_papers_own_document_is_no_attachment() {
        let types = vec!["Beschlussvorlage".to_string()];
        assert!(names_the_paper_itself("Vorlage", &types));
        assert!(names_the_paper_itself("beschlussvorlage", &types));
        assert!(!names_the_paper_itself("Lageplan", &types));
    }

    #[test]
    fn a_huge_text_is_read_for_fields_as_far_as_the_limit_and_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        // A text export with its line breaks removed after the header.
        let prose = "Die Verwaltung berichtet über den Stand der Arbeiten am Radweg. ".repeat(3000);
        let paper = format!(
            "Beschlussvorlage\nDrucksache Nr. 2024/001\nBetreff: Radweg am Fluss\n\n{prose}\n"
        );
        std::fs::write(&path, &paper).unwrap();
        let extractor = crate::extract::Extractor::new(crate::extract::Rules::builtin()).unwrap();
        let pipeline = super::Pipeline::new(extractor).with_extract_max_bytes(20_000);
        let record = pipeline.process_path(&path, None).unwrap();
        assert_eq!(record.reference.as_deref(), Some("2024/001"));
        assert_eq!(record.title.as_deref(), Some("Radweg am Fluss"));
        assert!(
            record
                .warnings
                .iter()
                .any(|w| w.starts_with("fields read from the first 0.0 MB of 0.2 MB")),
            "{:?}",
            record.warnings
        );
        assert_eq!(record.text.trim_end(), paper.trim_end());
    }
}
