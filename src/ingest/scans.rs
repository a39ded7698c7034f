//! What a run met of scanned papers and session bundles, for the summary
//! and the `--report`: the files whose pages were read by OCR, the files
//! that need OCR and did not get it (with the reason), and the bundles
//! split into papers. Workers note each extracted file ([`ScanLog::note`]);
//! the writer takes the list at the end ([`ScanLog::summary`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use crate::record::Record;

/// One file with OCR'd pages or pages needing OCR.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScanFile {
    /// The file.
    #[serde(serialize_with = "crate::source::serialize_path")]
    pub path: PathBuf,
    /// Pages read by OCR (1-based).
    pub pages: Vec<u32>,
    /// Mean word confidence of those pages, where there are any.
    pub mean_confidence: Option<f64>,
    /// Pages that need OCR and did not get it.
    pub needed: Vec<u32>,
    /// Why not, where pages are needed (the record's warning).
    pub reason: Option<String>,
}

/// One session bundle split into papers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BundleFile {
    /// The file.
    #[serde(serialize_with = "crate::source::serialize_path")]
    pub path: PathBuf,
    /// Its papers: id, number and pages.
    pub papers: Vec<BundlePaper>,
}

/// One paper of a bundle, as the report lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BundlePaper {
    /// The record's id.
    pub id: String,
    /// The paper's number, where found.
    pub reference: Option<String>,
    /// First and last page in the bundle.
    pub pages: [u32; 2],
}

/// The scans and bundles of a run (the `ocr` and `bundles` keys of the
/// report).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScanSummary {
    /// Files with pages read by OCR in this run (from the cache or not).
    pub ocr_files: Vec<ScanFile>,
    /// Pages read by OCR, all files.
    pub ocr_pages: usize,
    /// Of those, the pages Tesseract read in this run; the others came
    /// from the OCR cache.
    pub ocr_pages_run: u64,
    /// Files with pages that need OCR and did not get it.
    pub needs_ocr: Vec<ScanFile>,
    /// Session bundles split into papers.
    pub bundles: Vec<BundleFile>,
}

/// The notes of the workers of one run.
#[derive(Debug, Default)]
pub struct ScanLog {
    notes: Mutex<ScanSummary>,
}

impl ScanLog {
    /// Notes the records extracted from `path`.
    pub fn note(&self, path: &Path, records: &[Record]) {
        let mut pages = Vec::new();
        let mut needed = Vec::new();
        let (mut words_conf, mut n) = (0.0, 0usize);
        for record in records {
            pages.extend(record.ocr.pages.iter().copied());
            needed.extend(record.ocr.needed.iter().copied());
            if let Some(c) = record.ocr.mean_confidence {
                words_conf += c * record.ocr.pages.len() as f64;
                n += record.ocr.pages.len();
            }
        }
        let mut notes = self.notes.lock().unwrap_or_else(PoisonError::into_inner);
        if !pages.is_empty() {
            notes.ocr_pages += pages.len();
            notes.ocr_files.push(ScanFile {
                path: path.to_path_buf(),
                pages: pages.clone(),
                mean_confidence: (n > 0).then(|| (words_conf / n as f64 * 10.0).round() / 10.0),
                needed: Vec::new(),
                reason: None,
            });
        }
        if !needed.is_empty() {
            let reason = records
                .iter()
                .flat_map(|r| r.warnings.iter())
                .find(|w| w.contains("OCR"))
                .cloned();
            notes.needs_ocr.push(ScanFile {
                path: path.to_path_buf(),
                pages,
                mean_confidence: None,
                needed,
                reason,
            });
        }
        if records.len() > 1 {
            notes.bundles.push(BundleFile {
                path: path.to_path_buf(),
                papers: records
                    .iter()
                    .map(|r| BundlePaper {
                        id: r.id.clone(),
                        reference: r.reference.clone(),
                        pages: r.bundle.as_ref().map_or([0, 0], |b| b.pages),
                    })
                    .collect(),
            });
        }
    }

    /// What was noted, files sorted by path.
    pub fn summary(&self) -> ScanSummary {
        let mut notes = self
            .notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        notes.ocr_files.sort_by(|a, b| a.path.cmp(&b.path));
        notes.needs_ocr.sort_by(|a, b| a.path.cmp(&b.path));
        notes.bundles.sort_by(|a, b| a.path.cmp(&b.path));
        notes
    }
}
