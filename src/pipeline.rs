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
use crate::record::{document_id, Provenance, Record, SourceInfo};
use crate::source::{self, Source};
use crate::text::Text;

/// Reads and extracts files; shared by all threads of a run.
#[derive(Clone, Debug)]
pub struct Pipeline {
    extractor: Extractor,
}

impl Pipeline {
    /// A pipeline using the given compiled rules.
    pub fn new(extractor: Extractor) -> Pipeline {
        Pipeline { extractor }
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

    /// Turns an already loaded source into a record.
    pub fn process_source(&self, source: &Source, body: Option<&str>) -> Result<Record, FileError> {
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

    fn process_unguarded(&self, source: &Source, body: Option<&str>) -> Result<Record, FileError> {
        let raw = source::read(source)?;
        let text = Text::from_pages(&raw.pages);
        let extracted = self.extractor.extract(&text);
        let mut warnings = raw.warnings;
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
        Ok(Record {
            id: document_id(&source.sha256),
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
            links: raw.links,
            warnings,
            provenance,
            text: text.into_string(),
            oparl: None,
        })
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
    let Some(budget) = budget else {
        return pipeline.process_path(path, body);
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let (own, file, body_owned) = (
        Arc::clone(pipeline),
        path.to_path_buf(),
        body.map(str::to_owned),
    );
    let spawned = std::thread::Builder::new()
        .name("ratsindex-file".into())
        .spawn(move || {
            let _ = tx.send(own.process_path(&file, body_owned.as_deref()));
        });
    if spawned.is_err() {
        // No thread to spare: work without the budget rather than fail.
        return pipeline.process_path(path, body);
    }
    rx.recv_timeout(budget)
        .unwrap_or_else(|_| Err(over_budget(path, budget)))
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
}
