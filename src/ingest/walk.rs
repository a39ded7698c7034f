//! Finding the files of an ingest: the given paths, directories walked
//! recursively, and the body (city/council) each file is assigned.
//!
//! Symbolic links are followed; a link loop or a dangling link is a
//! warning, an unreadable directory a per-path failure, a file whose name
//! does not end in a document extension is ignored (counted). A path given
//! explicitly is always read, whatever its name.
//!
//! A directory may hold an [`IGNORE_FILE`] (`.ratsindexignore`) with
//! gitignore-style patterns for files and folders below it that an ingest
//! leaves out — drafts, duplicates kept for the record, known-broken
//! files. Walking and matching are the `ignore` crate's (ripgrep's walker).

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::error::{FileError, Stage};
use crate::source::is_document_path;

/// The name of the per-directory file of patterns to leave out.
pub const IGNORE_FILE: &str = ".ratsindexignore";

/// Where each record's `body` comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum BodyRule {
    /// From the text (the extractor decides).
    #[default]
    FromText,
    /// The same name for every file (`--body NAME`).
    Fixed(String),
    /// The first folder level below the given directory
    /// (`archive/erfurt/2024/a.pdf` under `archive` → `Erfurt`);
    /// files directly in the directory fall back to the text.
    FromDir,
}

/// A document file to ingest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The path as found (the given root joined with the walked part).
    pub path: PathBuf,
    /// The body to record, if the rule assigns one.
    pub body: Option<String>,
}

/// Something the walk noticed that is not a file to read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where.
    #[serde(serialize_with = "crate::source::serialize_path")]
    pub path: PathBuf,
    /// What.
    pub reason: String,
}

/// What the walk found besides the files it handed on.
#[derive(Clone, Debug, Default)]
pub struct WalkReport {
    /// Paths that could not be read (unreadable directories).
    pub failures: Vec<FileError>,
    /// Link loops, dangling links, unreadable ignore files.
    pub warnings: Vec<Warning>,
    /// Files skipped because their names are not document names.
    pub ignored: usize,
}

/// Walks `roots`, calling `emit` for every document file; stops early when
/// `emit` returns `false`.
pub fn walk(roots: &[PathBuf], rule: &BodyRule, mut emit: impl FnMut(Found) -> bool) -> WalkReport {
    let mut report = WalkReport::default();
    for root in roots {
        if !root.is_dir() {
            let body = match rule {
                BodyRule::Fixed(name) => Some(name.clone()),
                _ => None,
            };
            if !emit(Found {
                path: root.clone(),
                body,
            }) {
                return report;
            }
            continue;
        }
        let walker = WalkBuilder::new(root)
            .standard_filters(false)
            .add_custom_ignore_filename(IGNORE_FILE)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    note_walk_error(&mut report, root, &err);
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) || entry.file_name() == IGNORE_FILE {
                continue;
            }
            if !is_document_path(entry.path()) {
                report.ignored += 1;
                continue;
            }
            let body = body_for(rule, root, entry.path());
            if !emit(Found {
                path: entry.into_path(),
                body,
            }) {
                return report;
            }
        }
    }
    report
}

/// A given path spelled without `.` components or a trailing slash, so
/// that `archive`, `./archive/` and `archive/./` give the same file paths
/// (the keys an incremental run recognises files by).
pub fn tidy(path: &Path) -> PathBuf {
    let tidy: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

/// Sorts one walk error into a warning or a failure.
fn note_walk_error(report: &mut WalkReport, root: &Path, err: &ignore::Error) {
    let (path, cause) = unwrap_walk_error(err);
    let path = path.unwrap_or(root).to_path_buf();
    if let ignore::Error::Loop { ancestor, .. } = cause {
        report.warnings.push(Warning {
            path,
            reason: format!(
                "symbolic link loop back to {}; not followed",
                ancestor.display()
            ),
        });
        return;
    }
    let io = cause.io_error();
    if io.is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        report.warnings.push(Warning {
            path,
            reason: "dangling symbolic link (or removed while walking); skipped".into(),
        });
        return;
    }
    if path.file_name().is_some_and(|name| name == IGNORE_FILE) || err.is_partial() {
        report.warnings.push(Warning {
            path,
            reason: format!("ignore file not fully read: {cause}"),
        });
        return;
    }
    let reason = match io {
        Some(io) => format!("cannot read: {io}"),
        None => cause.to_string(),
    };
    report
        .failures
        .push(FileError::new(&path, Stage::Read, reason));
}

/// The innermost error and the path it names, through the crate's
/// path/depth/line wrappers.
fn unwrap_walk_error(mut err: &ignore::Error) -> (Option<&Path>, &ignore::Error) {
    let mut path = None;
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path.get_or_insert(p.as_path());
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => err = inner,
            ignore::Error::Loop { child, .. } => return (Some(path.unwrap_or(child)), err),
            _ => return (path, err),
        }
    }
}

/// The body for `path` found below `root` under `rule`.
pub fn body_for(rule: &BodyRule, root: &Path, path: &Path) -> Option<String> {
    match rule {
        BodyRule::FromText => None,
        BodyRule::Fixed(name) => Some(name.clone()),
        BodyRule::FromDir => {
            let relative = path.strip_prefix(root).ok()?;
            let mut components = relative.components();
            let first = components.next()?;
            // A file directly in the root has no body folder.
            components.next()?;
            body_from_folder_name(&first.as_os_str().to_string_lossy())
        }
    }
}

/// A folder name as a body name: `erfurt` → `Erfurt`,
/// `bad_hersfeld` → `Bad Hersfeld`, `halle-saale` → `Halle-Saale`; a name
/// that already has capitals is kept as it is.
pub fn body_from_folder_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if name.chars().any(char::is_uppercase) {
        return Some(name.to_string());
    }
    let mut out = String::with_capacity(name.len());
    let mut start_of_word = true;
    for c in name.chars() {
        let c = if c == '_' { ' ' } else { c };
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start_of_word = c == ' ' || c == '-';
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_body_names() {
        assert_eq!(body_from_folder_name("erfurt").as_deref(), Some("Erfurt"));
        assert_eq!(
            body_from_folder_name("bad_hersfeld").as_deref(),
            Some("Bad Hersfeld")
        );
        assert_eq!(
            body_from_folder_name("halle-saale").as_deref(),
            Some("Halle-Saale")
        );
        assert_eq!(
            body_from_folder_name("Landtag NRW").as_deref(),
            Some("Landtag NRW")
        );
        assert_eq!(body_from_folder_name(" "), None);
    }

    #[test]
    fn body_comes_from_the_first_folder_below_the_root() {
        let root = Path::new("archive");
        let rule = BodyRule::FromDir;
        assert_eq!(
            body_for(&rule, root, Path::new("archive/erfurt/2024/a.pdf")).as_deref(),
            Some("Erfurt")
        );
        assert_eq!(body_for(&rule, root, Path::new("archive/a.pdf")), None);
        assert_eq!(
            body_for(
                &BodyRule::Fixed("Jena".into()),
                root,
                Path::new("archive/a.pdf")
            )
            .as_deref(),
            Some("Jena")
        );
    }

    #[test]
    fn walk_skips_non_documents_and_survives_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        let erfurt = dir.path().join("erfurt");
        std::fs::create_dir(&erfurt).unwrap();
        std::fs::write(erfurt.join("a.txt"), "x").unwrap();
        std::fs::write(erfurt.join("b.xlsx"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), erfurt.join("loop")).unwrap();
        let mut found = Vec::new();
        let report = walk(&[dir.path().to_path_buf()], &BodyRule::FromDir, |f| {
            found.push(f);
            true
        });
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].body.as_deref(), Some("Erfurt"));
        assert_eq!(report.ignored, 1);
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        #[cfg(unix)]
        assert!(
            report.warnings.iter().any(|w| w.reason.contains("loop")),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn given_paths_are_tidied_to_one_spelling() {
        for spelling in ["archive", "./archive", "archive/", "./archive/./"] {
            assert_eq!(
                tidy(Path::new(spelling)),
                Path::new("archive"),
                "{spelling}"
            );
        }
        assert_eq!(tidy(Path::new("./")), Path::new("."));
        assert_eq!(tidy(Path::new("/data/./a")), Path::new("/data/a"));
        assert_eq!(tidy(Path::new("../a/")), Path::new("../a"));
    }

    #[test]
    fn an_ignore_file_leaves_out_what_it_names_below_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["erfurt/broken", "erfurt/2024", "jena/broken"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        for file in [
            "erfurt/broken/cut.pdf",
            "erfurt/2024/a.txt",
            "erfurt/2024/draft-a.txt",
            "jena/broken/b.txt",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        std::fs::write(root.join("erfurt").join(IGNORE_FILE), "broken/\ndraft-*\n").unwrap();
        let mut found = Vec::new();
        let report = walk(&[root.to_path_buf()], &BodyRule::FromText, |f| {
            found.push(f.path.strip_prefix(root).unwrap().to_path_buf());
            true
        });
        assert_eq!(
            found,
            [
                PathBuf::from("erfurt/2024/a.txt"),
                PathBuf::from("jena/broken/b.txt")
            ]
        );
        assert_eq!(report.ignored, 0);
        // A path given explicitly is read even when an ignore file names it.
        let explicit = root.join("erfurt/broken/cut.pdf");
        let mut found = Vec::new();
        walk(std::slice::from_ref(&explicit), &BodyRule::FromText, |f| {
            found.push(f.path);
            true
        });
        assert_eq!(found, [explicit]);
    }
}
