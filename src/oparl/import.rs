//! `ingest --oparl`: a dump into the index, one record per paper,
//! incrementally.
//!
//! Stages: [`Dump::load`] reads the lookup tables; the papers are then
//! read file by file and handled in batches of [`BATCH`] on a thread pool
//! ([`Importer::paper`]: resolve the metadata, fingerprint, choose the
//! paper's own file, extract, merge), and the calling thread writes the
//! records and commits.
//!
//! Incremental: each document records, in the index's `source_file`
//! column, the key `oparl:<paper id>` with the paper's fingerprint in
//! place of a file size (see [`OparlInfo::fingerprint`]); a paper whose
//! fingerprint is unchanged is not read again. A Paper with `deleted:
//! true` removes its document; with `prune`, so does a paper that is no
//! longer in the dump.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::dump::{last_segment, Dump};
use super::main_file::{choose, opening, Candidate, Words};
use super::merge::{merge, paper_document_id};
use super::model::OparlInfo;
use super::paper::MetaPaper;
use super::report::Agreement;
use crate::error::{FileError, Stage};
use crate::index::document::to_document;
use crate::index::writer::{
    last_commit, source_files, stored_record, FileStamp, IndexSink, SourceFile,
};
use crate::index::{IndexError, RatsIndex};
use crate::pipeline::Pipeline;
use crate::record::{Format, Record, SourceInfo};
use crate::source::{self, sha256_hex, Source};
use crate::text::Text;

/// Papers handled per batch.
pub const BATCH: usize = 64;

/// The prefix of the `source_file` keys of imported papers.
pub const KEY_PREFIX: &str = "oparl:";

/// Bump when the way records are built changes, so that every paper is
/// read again.
const BUILD_VERSION: &str = "oparl-import-1";

/// What to import and how.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The dump's folder (or one file).
    pub dir: PathBuf,
    /// The body's name for every record (else the dump's Body name, else
    /// what the text says).
    pub body: Option<String>,
    /// Read every paper again, even unchanged ones.
    pub full: bool,
    /// Remove the documents of papers no longer in the dump.
    pub prune: bool,
    /// The largest share of imported papers a prune may remove.
    pub prune_max: f64,
    /// Prune whatever the share.
    pub force: bool,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Memory of the index writer, bytes.
    pub writer_heap: usize,
    /// Commit after this many written documents.
    pub commit_docs: usize,
    /// Commit at least this often.
    pub commit_interval: Duration,
    /// Compare metadata and text for every paper (also unchanged ones,
    /// read back from the index).
    pub agreement: bool,
    /// Set by a signal handler: stop after the current batch.
    pub stop: Option<&'static AtomicBool>,
}

/// The outcome of an import (the `summary` of `--report`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportSummary {
    /// Paper objects in the dump.
    pub papers: usize,
    /// Papers new to the index.
    pub new: usize,
    /// Papers read again (changed, or `--full`).
    pub updated: usize,
    /// Papers unchanged.
    pub unchanged: usize,
    /// Papers that failed (no id).
    pub failed: usize,
    /// Papers marked `deleted` whose documents were removed.
    pub deleted: usize,
    /// Documents of papers gone from the dump, removed by `prune`.
    pub removed: usize,
    /// Papers read (new or updated) whose record has a text.
    pub with_text: usize,
    /// Papers read whose record comes from metadata alone (no file with
    /// a usable text); listed in `without_text`.
    pub metadata_only: usize,
    /// Ids of those papers.
    pub without_text: Vec<String>,
    /// How the text file was chosen, by rule.
    pub text_file_rules: BTreeMap<String, usize>,
    /// References the dump could not resolve (missing meetings and
    /// organisations), by paper.
    pub unresolved: Vec<(String, String)>,
    /// JSON objects that are not OParl objects (left alone).
    pub foreign_objects: usize,
    /// Documents in the index at the end.
    pub documents: u64,
    /// Wall time, seconds.
    pub elapsed_s: f64,
    /// Papers per second.
    pub papers_per_s: f64,
    /// Files, lines and papers that failed.
    pub failures: Vec<FileError>,
    /// Whether a signal stopped the run early (what was done is
    /// committed).
    pub interrupted: bool,
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The dump's folder cannot be read.
    #[error("cannot read the OParl dump {}: {source}", path.display())]
    Dump {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The dump holds no Paper objects.
    #[error("{}: no OParl Paper objects found (objects need a `type` of https://schema.oparl.org/1.1/Paper)", .0.display())]
    NoPapers(PathBuf),
    /// The prune would remove too much.
    #[error("refusing to prune {gone} of {known} imported papers (more than --prune-max); give --force to prune anyway")]
    PruneRefused {
        /// Papers that would be removed.
        gone: usize,
        /// Imported papers in the index.
        known: usize,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// Adds the dump to the list of what the index was built from
/// ([`crate::ingest::sources`]), so `ingest --rebuild` imports it again.
fn record_dump(index: &RatsIndex, options: &ImportOptions) -> Result<(), ImportError> {
    use crate::ingest::sources::{record, Kind, Reading};
    let body = match &options.body {
        Some(name) => crate::ingest::BodyRule::Fixed(name.clone()),
        None => crate::ingest::BodyRule::FromText,
    };
    let reading = Reading {
        kind: Kind::Oparl,
        bodies: None,
    };
    let dir = crate::ingest::walk::tidy(&options.dir);
    record(index.dir(), &[dir], &body, &reading).map_err(ImportError::Index)
}

/// What one paper came to.
enum Done {
    /// Unchanged: its document id.
    Unchanged(String),
    /// Read: the record and its fingerprint.
    Read(Box<Record>, u64),
    /// Marked deleted.
    Deleted(String),
    /// Failed.
    Failed(FileError),
}

/// What the workers share.
struct Importer<'a> {
    dump: &'a Dump,
    pipeline: &'a Pipeline,
    words: Words,
    placeholders: Vec<String>,
    body: Option<&'a str>,
    known: &'a HashMap<String, (String, u64)>,
    full: bool,
}

/// Imports the dump into the index; `progress` is told the papers done
/// so far after each batch.
pub fn import(
    index: &RatsIndex,
    pipeline: &Pipeline,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(ImportSummary, Agreement), ImportError> {
    let start = Instant::now();
    let dump = Dump::load(&options.dir).map_err(|source| ImportError::Dump {
        path: options.dir.clone(),
        source,
    })?;
    if dump.paper_count() == 0 {
        return Err(ImportError::NoPapers(options.dir.clone()));
    }
    let mut sink = IndexSink::new(index, options.writer_heap)?;
    // Before anything is written: what a rebuild would import again.
    record_dump(index, options)?;
    let known = known_papers(index)?;
    let searcher = last_commit(index)?;
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|n| format!("ratsindex-oparl-{n}"))
        .build()
        .map_err(|e| ImportError::Threads(e.to_string()))?;
    let importer = Importer {
        dump: &dump,
        pipeline,
        words: Words::new(pipeline.extractor().rules()),
        placeholders: pipeline
            .extractor()
            .rules()
            .list("oparl_placeholder_units")
            .to_vec(),
        body: options.body.as_deref(),
        known: &known,
        full: options.full,
    };
    let mut summary = ImportSummary {
        papers: dump.paper_count(),
        foreign_objects: dump.foreign_objects,
        failures: dump.failures.clone(),
        ..ImportSummary::default()
    };
    let mut agreement = Agreement::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut pending = 0usize;
    let mut last_commit_at = Instant::now();
    let mut batch: Vec<(PathBuf, Value)> = Vec::with_capacity(BATCH);
    let mut failed: Option<ImportError> = None;
    let mut handled = 0usize;
    let stopping = || options.stop.is_some_and(|s| s.load(Ordering::Relaxed));
    let mut flush = |batch: &mut Vec<(PathBuf, Value)>,
                     summary: &mut ImportSummary,
                     agreement: &mut Agreement,
                     seen: &mut HashSet<String>|
     -> Result<(), ImportError> {
        let items = std::mem::take(batch);
        let done: Vec<Done> = pool.install(|| {
            items
                .par_iter()
                .map(|(p, o)| importer.paper(p, o))
                .collect()
        });
        for done in done {
            match done {
                Done::Unchanged(id) => {
                    summary.unchanged += 1;
                    if options.agreement {
                        if let Some(record) = stored_record(index, &searcher, &id)? {
                            if let Some(info) = record.oparl.as_deref() {
                                seen.insert(info.paper.clone());
                            }
                            agreement.add(&record);
                        }
                    }
                }
                Done::Read(record, fingerprint) => {
                    let info = record
                        .oparl
                        .as_deref()
                        .expect("imported records have oparl");
                    let paper = info.paper.clone();
                    if !seen.insert(paper.clone()) {
                        summary.failures.push(FileError::new(
                            Path::new(&record.source.path),
                            Stage::Decode,
                            format!("paper {paper} occurs twice in the dump; the first was kept"),
                        ));
                        summary.failed += 1;
                        continue;
                    }
                    if known.contains_key(&paper) {
                        summary.updated += 1;
                    } else {
                        summary.new += 1;
                    }
                    if record.warnings.iter().any(|w| w == super::merge::NO_TEXT) {
                        summary.metadata_only += 1;
                        summary.without_text.push(paper.clone());
                    } else {
                        summary.with_text += 1;
                    }
                    for note in record
                        .warnings
                        .iter()
                        .filter_map(|w| w.strip_prefix("metadata: "))
                    {
                        summary.unresolved.push((paper.clone(), note.to_string()));
                    }
                    if let Some(rule) = &info.text_file_rule {
                        *summary.text_file_rules.entry(rule.clone()).or_default() += 1;
                    }
                    let doc = to_document(index, &record)?;
                    let file = SourceFile {
                        id: record.id.clone(),
                        path: format!("{KEY_PREFIX}{paper}"),
                        stamp: FileStamp {
                            size: fingerprint,
                            mtime_ns: 0,
                        },
                    };
                    sink.upsert_document(&record.id, doc, &[file])?;
                    pending += 1;
                    if options.agreement {
                        agreement.add(&record);
                    }
                }
                Done::Deleted(paper) => {
                    seen.insert(paper.clone());
                    if known.contains_key(&paper) {
                        sink.delete(&paper_document_id(&paper));
                        summary.deleted += 1;
                        pending += 1;
                    }
                }
                Done::Failed(e) => {
                    summary.failed += 1;
                    summary.failures.push(e);
                }
            }
        }
        if pending >= options.commit_docs.max(1)
            || (pending > 0 && last_commit_at.elapsed() >= options.commit_interval)
        {
            sink.commit()?;
            pending = 0;
            last_commit_at = Instant::now();
        }
        Ok(())
    };
    dump.papers(&mut |path, object| {
        batch.push((path.to_path_buf(), object));
        if batch.len() >= BATCH {
            handled += batch.len();
            if let Err(e) = flush(&mut batch, &mut summary, &mut agreement, &mut seen) {
                failed = Some(e);
                return false;
            }
            progress(handled, summary.papers);
            if stopping() {
                return false;
            }
        }
        true
    });
    if let Some(e) = failed {
        return Err(e);
    }
    summary.interrupted = stopping();
    if !summary.interrupted {
        handled += batch.len();
        flush(&mut batch, &mut summary, &mut agreement, &mut seen)?;
        progress(handled, summary.papers);
    }
    if options.prune && !summary.interrupted {
        let gone: Vec<&String> = known.keys().filter(|p| !seen.contains(*p)).collect();
        if !options.force && gone.len() as f64 > options.prune_max * known.len() as f64 {
            return Err(ImportError::PruneRefused {
                gone: gone.len(),
                known: known.len(),
            });
        }
        for paper in gone {
            sink.delete(&known[paper].0);
            summary.removed += 1;
        }
    }
    sink.finish()?;
    summary.documents = crate::index::search::document_count(index)?;
    summary.elapsed_s = start.elapsed().as_secs_f64();
    summary.papers_per_s = summary.papers as f64 / summary.elapsed_s.max(1e-9);
    summary.failures.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((summary, agreement))
}

/// The imported papers the index knows: paper id → (document id,
/// fingerprint).
fn known_papers(index: &RatsIndex) -> Result<HashMap<String, (String, u64)>, IndexError> {
    Ok(source_files(index)?
        .into_iter()
        .filter_map(|file| {
            let paper = file.path.strip_prefix(KEY_PREFIX)?.to_string();
            Some((paper, (file.id, file.stamp.size)))
        })
        .collect())
}

impl Importer<'_> {
    /// One paper: resolved, fingerprinted, and read unless unchanged.
    fn paper(&self, path: &Path, object: &Value) -> Done {
        let Some(meta) = MetaPaper::resolve(object, self.dump) else {
            return Done::Failed(FileError::new(
                path,
                Stage::Decode,
                "a Paper object without `id` cannot be imported",
            ));
        };
        if meta.deleted {
            return Done::Deleted(meta.id);
        }
        let body = self.body.map(str::to_owned).or_else(|| {
            meta.body
                .as_ref()
                .and_then(|b| self.dump.bodies.get(b).cloned())
        });
        let contents: Vec<Option<&Path>> =
            meta.files.iter().map(|f| self.dump.content_of(f)).collect();
        let fingerprint = fingerprint(object, &meta, &contents, body.as_deref());
        if !self.full {
            if let Some((id, known)) = self.known.get(&meta.id) {
                if *known == fingerprint {
                    return Done::Unchanged(id.clone());
                }
            }
        }
        let mut warnings = Vec::new();
        // Each file with content: loaded, and the start of its text.
        let mut sources: Vec<Option<Source>> = Vec::with_capacity(contents.len());
        let mut candidates = Vec::with_capacity(contents.len());
        for (n, (file, content)) in meta.files.iter().zip(&contents).enumerate() {
            let loaded = match (content, &meta.inline_texts[n]) {
                (Some(p), _) => match Source::load(p) {
                    Ok(source) => Some(source),
                    Err(e) => {
                        warnings.push(format!("file {}: {e}", file.id));
                        None
                    }
                },
                // The File's own `text`, read as a text file named after it.
                (None, Some(text)) => {
                    let name =
                        format!("{}#{}.txt", source::path_text(path), last_segment(&file.id));
                    Some(Source::from_bytes(
                        Path::new(&name),
                        text.as_bytes().to_vec(),
                    ))
                }
                (None, None) => None,
            };
            let text = loaded.as_ref().and_then(|s| match source::read(s) {
                Ok(raw) => Some(Text::from_pages(&raw.pages).into_string()),
                Err(e) => {
                    warnings.push(format!("file {}: {e}", file.id));
                    None
                }
            });
            candidates.push(Candidate {
                name: file.name.clone().unwrap_or_default(),
                main: file.main,
                opening: text.as_deref().and_then(opening),
            });
            sources.push(loaded);
        }
        let mut info = OparlInfo {
            paper: meta.id.clone(),
            body: meta.body.clone(),
            created: meta.created.clone(),
            modified: meta.modified.clone(),
            web: meta.web.clone(),
            files: meta
                .files
                .iter()
                .zip(&contents)
                .zip(&meta.inline_texts)
                .map(|((f, c), inline)| super::model::FileInfo {
                    has_text: c.is_some() || inline.is_some(),
                    ..f.clone()
                })
                .collect(),
            under_direction_of: meta.under_direction_of.clone(),
            related_paper: meta.related_paper.clone(),
            superordinated_paper: meta.superordinated_paper.clone(),
            subordinated_paper: meta.subordinated_paper.clone(),
            fingerprint: format!("{fingerprint:016x}"),
            ..OparlInfo::default()
        };
        let mut read = None;
        if let Some((i, rule)) = choose(&candidates, &self.words) {
            if let Some(source) = &sources[i] {
                match self.pipeline.process_source(source, body.as_deref()) {
                    Ok(record) => {
                        info.text_file = Some(meta.files[i].id.clone());
                        info.text_file_rule = Some(rule.as_str().to_string());
                        read = Some(record);
                    }
                    Err(e) => warnings.push(format!("file {}: {e}", meta.files[i].id)),
                }
            }
        }
        drop(sources);
        let read = read.map(|mut r| {
            r.warnings.extend(warnings.iter().cloned());
            r
        });
        let had_text = read.is_some();
        let mut record = merge(&meta, read, info, body.as_deref(), &self.placeholders);
        if !had_text {
            let json = serde_json::to_vec(object).unwrap_or_default();
            record.source = SourceInfo {
                path: source::path_text(path),
                sha256: sha256_hex(&json),
                format: Format::Text,
                pages: None,
            };
            record.warnings.extend(warnings);
        }
        for note in &meta.notes {
            record.warnings.push(format!("metadata: {note}"));
        }
        Done::Read(Box::new(record), fingerprint)
    }
}

/// A hash of what a record is built from.
fn fingerprint(
    object: &Value,
    meta: &MetaPaper,
    contents: &[Option<&Path>],
    body: Option<&str>,
) -> u64 {
    let mut data = String::from(BUILD_VERSION);
    data.push('\n');
    data.push_str(&object.to_string());
    data.push('\n');
    data.push_str(body.unwrap_or(""));
    for (c, i) in &meta.consultations {
        data.push_str(&format!(
            "\n{}|{:?}|{:?}|{:?}",
            c.committee, c.date, c.public, i.meeting_name
        ));
    }
    for unit in &meta.units {
        data.push_str(&format!("\n{unit}"));
    }
    for content in contents {
        match content {
            Some(path) => {
                let stamp = std::fs::metadata(path)
                    .map(|m| FileStamp::from_metadata(&m))
                    .unwrap_or_default();
                data.push_str(&format!(
                    "\n{}|{}|{}",
                    source::path_text(path),
                    stamp.size,
                    stamp.mtime_ns
                ));
            }
            None => data.push_str("\n-"),
        }
    }
    let hex = sha256_hex(data.as_bytes());
    u64::from_str_radix(&hex[..16], 16).unwrap_or(0)
}
