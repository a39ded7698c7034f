//! `ingest --rebuild`: a damaged index made anew from its files.
//!
//! The index is derived data; the papers' files are the truth. A rebuild
//!
//! 1. gathers what the index was built from: the paths given to its runs
//!    ([`sources`]) and, as far as the damaged index can still be read,
//!    the files it holds that no given path covers (an index older than
//!    the list of sources), each with the body its paper had;
//! 2. writes that down beside the index, so a rebuild that is itself
//!    interrupted can simply be run again;
//! 3. removes the index's files, holding its writer lock (a running
//!    ingest is never pulled from under);
//! 4. ingests every path again, from the folder it was given in and under
//!    the body rule it was given with, so every file gets back its key
//!    and the next nightly run finds it unchanged.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::sources::{Kind, Reading, Sources, SOURCES_FILE};
use super::{ingest, Bodies, BodyRule, Event, IngestError, IngestOptions, Summary};
use crate::index::writer::{last_commit, source_files, stored_record};
use crate::index::{IndexError, RatsIndex};
use crate::oparl::import::{import, ImportOptions, KEY_PREFIX};
use crate::pipeline::Pipeline;

/// Rebuilds the index in `dir` from the files it was built from, plus
/// `options.paths` (read under `options.body`). Prune options are
/// ignored: only files that exist are read.
pub fn rebuild(
    dir: &Path,
    pipeline: &Pipeline,
    options: &IngestOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<Summary, IngestError> {
    let failed = |reason: String| IngestError::Rebuild {
        index: dir.to_path_buf(),
        reason,
    };
    // Absolute: each run below is started from its own folder.
    let dir = std::path::absolute(dir).map_err(|e| failed(e.to_string()))?;
    let here = std::env::current_dir().map_err(|e| failed(e.to_string()))?;
    let mut sources = Sources::load(&dir).map_err(failed)?;
    let reading = Reading {
        kind: Kind::Files,
        bodies: options.bodies.file().map(Path::to_path_buf),
    };
    sources.add(&here, &options.paths, &options.body, &reading);
    let unrecorded_dump = salvage(&dir, &here, &mut sources);
    if unrecorded_dump > 0 {
        // Clearing would lose them: nothing says which dump they came from.
        return Err(failed(format!(
            "{unrecorded_dump} papers came from an OParl dump that the list of sources does \
             not record (imported by an older ratsindex); move the index away and run \
             `ingest --oparl DIR` and the ingests of your paths again"
        )));
    }
    if sources.given.is_empty() {
        return Err(failed(
            "nothing records what it was built from (no list of sources, no readable \
             file list); move it away and ingest the papers again"
                .into(),
        ));
    }
    {
        let _lock = WriterLock::take(&dir)?;
        sources.save(&dir).map_err(|e| failed(e.to_string()))?;
        clear(&dir).map_err(failed)?;
    }
    let index = RatsIndex::open_or_create(&dir)?;
    let mut total = Summary::default();
    let result = (|| -> Result<(), IngestError> {
        for run in sources.runs() {
            std::env::set_current_dir(&run.cwd)
                .map_err(|e| failed(format!("cannot enter {}: {e}", run.cwd.display())))?;
            let (paths, missing): (Vec<PathBuf>, Vec<PathBuf>) =
                run.paths.into_iter().partition(|p| p.exists());
            for path in missing {
                total.warnings.push(super::Warning {
                    path: run.cwd.join(path),
                    reason: "given to an earlier run, gone now: not read".into(),
                });
            }
            if paths.is_empty() {
                continue;
            }
            let summary = match run.reading.kind {
                Kind::Files => {
                    // The bodies file given now, else the one recorded.
                    let bodies = match (&run.reading.bodies, options.bodies.file()) {
                        (Some(file), None) => Bodies::load(file).map_err(|e| {
                            failed(format!("the bodies file recorded for {paths:?}: {e}"))
                        })?,
                        _ => options.bodies.clone(),
                    };
                    let options = IngestOptions {
                        paths,
                        body: run.body,
                        bodies,
                        prune: false,
                        full: false,
                        ..options.clone()
                    };
                    ingest(&index, pipeline, &options, observer)?
                }
                Kind::Oparl => import_dumps(&index, pipeline, &paths, &run.body, options)?,
            };
            add(&mut total, summary);
            if total.interrupted {
                break;
            }
        }
        Ok(())
    })();
    let _ = std::env::set_current_dir(&here);
    result?;
    total.documents = crate::index::search::document_count(&index)?;
    Ok(total)
}

/// Adds the files of the damaged index in `dir` that no given path
/// covers to `sources`, as far as they can be read.
/// Damage that makes tantivy panic just ends the salvage.
/// Papers of an OParl dump no list records cannot be read again: their
/// number is returned.
fn salvage(dir: &Path, here: &Path, sources: &mut Sources) -> usize {
    let found = catch_unwind(AssertUnwindSafe(|| {
        let index = RatsIndex::open(dir).ok()?;
        let files = source_files(&index).ok()?;
        let searcher = last_commit(&index).ok();
        let mut loose: BTreeMap<String, Option<String>> = BTreeMap::new();
        for file in files {
            if sources.covers(here, &file.path) || loose.contains_key(&file.path) {
                continue;
            }
            if file.path.starts_with(KEY_PREFIX) {
                // A paper of a dump imported before dumps were recorded.
                loose.insert(file.path, None);
                continue;
            }
            let body = searcher.as_ref().and_then(|searcher| {
                catch_unwind(AssertUnwindSafe(|| {
                    stored_record(&index, searcher, &file.id)
                }))
                .ok()?
                .ok()??
                .body
            });
            loose.insert(file.path, body);
        }
        Some(loose)
    }))
    .ok()
    .flatten()
    .unwrap_or_default();
    let mut dump_papers = 0;
    for (path, body) in found {
        if path.starts_with(KEY_PREFIX) {
            dump_papers += 1;
            continue;
        }
        let rule = body.map_or(BodyRule::FromText, BodyRule::Fixed);
        sources.add(here, &[PathBuf::from(path)], &rule, &Reading::default());
    }
    dump_papers
}

/// Removes the files of the index in `dir`, keeping the list of sources
/// and the lock files. A folder inside is left alone (an index has none).
fn clear(dir: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name();
        let keep = name == SOURCES_FILE || name.to_string_lossy().starts_with(".tantivy-");
        if keep || entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        std::fs::remove_file(entry.path())
            .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
    }
    Ok(())
}

/// The index's writer lock, taken through tantivy's own directory (it
/// needs no readable commit), held while the damaged files are removed.
struct WriterLock(#[allow(dead_code)] tantivy::directory::DirectoryLock);

impl WriterLock {
    fn take(dir: &Path) -> Result<WriterLock, IngestError> {
        use tantivy::directory::error::LockError;
        use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
        let failed = |source: std::io::Error| -> IngestError {
            IndexError::Io {
                context: format!("cannot lock the index at {}", dir.display()),
                source,
            }
            .into()
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let directory =
            MmapDirectory::open(dir).map_err(|e| failed(std::io::Error::other(e.to_string())))?;
        match directory.acquire_lock(&INDEX_WRITER_LOCK) {
            Ok(lock) => Ok(WriterLock(lock)),
            Err(LockError::LockBusy) => Err(IndexError::Locked(dir.to_path_buf()).into()),
            Err(e) => Err(failed(std::io::Error::other(e.to_string()))),
        }
    }
}

/// Imports the recorded OParl dumps again (as `ingest --oparl DIR` did),
/// their counts as a [`Summary`] of papers.
fn import_dumps(
    index: &RatsIndex,
    pipeline: &Pipeline,
    dumps: &[PathBuf],
    body: &BodyRule,
    options: &IngestOptions,
) -> Result<Summary, IngestError> {
    let mut total = Summary::default();
    for dir in dumps {
        let import_options = ImportOptions {
            dir: dir.clone(),
            body: match body {
                BodyRule::Fixed(name) => Some(name.clone()),
                _ => None,
            },
            full: false,
            prune: false,
            prune_max: 1.0,
            force: false,
            threads: options.threads,
            writer_heap: options.writer_heap,
            commit_docs: options.commit_docs,
            commit_interval: options.commit_interval,
            agreement: false,
            stop: options.stop,
        };
        let (summary, _) =
            import(index, pipeline, &import_options, &mut |_, _| {}).map_err(|e| {
                IngestError::Rebuild {
                    index: index.dir().to_path_buf(),
                    reason: format!("the OParl dump {}: {e}", dir.display()),
                }
            })?;
        add(
            &mut total,
            Summary {
                found: summary.papers,
                new: summary.new,
                updated: summary.updated,
                unchanged: summary.unchanged,
                failed: summary.failed,
                elapsed_s: summary.elapsed_s,
                failures: summary.failures,
                interrupted: summary.interrupted,
                ..Summary::default()
            },
        );
        if total.interrupted {
            break;
        }
    }
    Ok(total)
}

/// Adds the counts of one run of a rebuild to the total.
fn add(total: &mut Summary, run: Summary) {
    total.found += run.found;
    total.new += run.new;
    total.updated += run.updated;
    total.unchanged += run.unchanged;
    total.duplicates += run.duplicates;
    total.failed += run.failed;
    total.ignored += run.ignored;
    total.elapsed_s += run.elapsed_s;
    total.bytes_read += run.bytes_read;
    total.files_read += run.files_read;
    total.docs_per_s = if total.elapsed_s > 0.0 {
        total.files_read as f64 / total.elapsed_s
    } else {
        0.0
    };
    total.failures.extend(run.failures);
    total.warnings.extend(run.warnings);
    total.interrupted |= run.interrupted;
}
