//! Ingesting many files into the index (first version: sequential walk,
//! parallel extraction, one writer, one commit).

use std::path::PathBuf;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{FileError, Stage};
use crate::index::writer::{IndexSink, DEFAULT_WRITER_HEAP};
use crate::index::{RatsIndex, Result};
use crate::pipeline::Pipeline;
use crate::source::is_document_path;

/// What to ingest and how.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    /// City/council for every record.
    pub body: Option<String>,
}

/// The outcome of an ingest run.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Documents found.
    pub found: usize,
    /// Documents written.
    pub indexed: usize,
    /// Files that failed, with the reason.
    pub failures: Vec<FileError>,
}

/// Expands the given paths into document files (directories recursively).
pub fn collect_files(paths: &[PathBuf], failures: &mut Vec<FileError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in WalkDir::new(path).follow_links(true).sort_by_file_name() {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_document_path(entry.path()) => {
                        files.push(entry.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let at = e.path().unwrap_or(path).to_path_buf();
                        failures.push(FileError::new(&at, Stage::Read, e.to_string()));
                    }
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// Runs the pipeline over all files and upserts the records.
pub fn ingest(index: &RatsIndex, pipeline: &Pipeline, options: &IngestOptions) -> Result<Summary> {
    let mut summary = Summary::default();
    let files = collect_files(&options.paths, &mut summary.failures);
    summary.found = files.len();
    let mut sink = IndexSink::new(index, DEFAULT_WRITER_HEAP)?;
    let results: Vec<_> = files
        .par_iter()
        .map(|path| pipeline.process_path(path, options.body.as_deref()))
        .collect();
    for result in results {
        match result {
            Ok(record) => {
                sink.upsert(&record)?;
                summary.indexed += 1;
            }
            Err(e) => summary.failures.push(e),
        }
    }
    sink.finish()?;
    Ok(summary)
}
