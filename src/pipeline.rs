//! One file through the whole extraction pipeline:
//! path → [`Source`] → [`RawDocument`](crate::source::RawDocument) →
//! [`Text`] → [`Extracted`](crate::extract::Extracted) → [`Record`].
//!
//! A panic anywhere inside (a bug, or a dependency choking on a hostile
//! file) is caught here and becomes a [`FileError`] for that file only.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::error::{FileError, Stage};
use crate::extract::Extractor;
use crate::record::{document_id, Record, SourceInfo};
use crate::source::{self, Source};
use crate::text::Text;

/// Reads and extracts files; shared by all threads of a run.
#[derive(Debug)]
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
        for link in &raw.links {
            let listed = attachments
                .iter()
                .any(|a| attachment_key(a) == attachment_key(&link.name));
            if !listed {
                attachments.push(link.name.clone());
            }
        }
        Ok(Record {
            id: document_id(&source.sha256),
            source: SourceInfo {
                path: source.path.display().to_string(),
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
            provenance: extracted.provenance,
            text: text.into_string(),
        })
    }
}

/// An attachment title for comparison: lowercase, spaces collapsed, without
/// an "Anlage 3 –" prefix, so that the link "Anlage 1 - Lageplan" and the
/// listed title "Lageplan" count as one attachment.
fn attachment_key(title: &str) -> String {
    let lower = title.trim().to_lowercase();
    let mut rest = lower.as_str();
    if let Some(after) = rest.strip_prefix("anlage") {
        let after = after.trim_start();
        let after = after.trim_start_matches(|c: char| c.is_ascii_digit());
        let after = after.trim_start();
        let after = after
            .strip_prefix(|c: char| matches!(c, ':' | '.' | '-' | '–' | ')'))
            .unwrap_or(after);
        if !after.trim().is_empty() {
            rest = after;
        }
    }
    rest.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::attachment_key;

    #[test]
    fn link_names_and_listed_titles_compare_without_prefix() {
        assert_eq!(
            attachment_key("Anlage 1 - Lageplan"),
            attachment_key("Lageplan")
        );
        assert_eq!(
            attachment_key("anlage 2: Kosten  Übersicht"),
            "kosten übersicht"
        );
        assert_eq!(attachment_key("Anlage"), "anlage");
        assert_ne!(
            attachment_key("Anlage 1 - Lageplan"),
            attachment_key("Kosten")
        );
    }
}
