//! Reading an OParl dump from disk: which objects it holds and where the
//! files' contents are.
//!
//! A dump is a folder (searched recursively) of JSON files, each holding
//! one object, an array of objects, or an OParl list page (`{"data":
//! [...]}`), and of JSON Lines files (`.jsonl`, `.ndjson`), one object a
//! line. Objects are told apart by their `type`
//! (`https://schema.oparl.org/1.1/Paper`, …); objects without an OParl
//! type (such as a mirror's own bookkeeping records) are counted and left
//! alone. References are resolved by `id`, never by file name.
//!
//! The first pass ([`Dump::load`]) keeps only the small lookup tables
//! (organisations, meetings, agenda items, bodies) and where the papers
//! are; the papers themselves are read again, one file at a time, by
//! [`Dump::papers`], so memory does not grow with the number of papers.
//!
//! A file's content is any other document file in the dump (`.txt`,
//! `.pdf`, `.html`, …), found by the last segment of the File's `id`
//! (`…/files/8744` → `8744.txt`), else by its `fileName`.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{FileError, Stage};

/// The OParl class of an object, from its `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `Paper`.
    Paper,
    /// `Meeting`.
    Meeting,
    /// `Organization`.
    Organization,
    /// `AgendaItem` (also embedded in meetings).
    AgendaItem,
    /// `Body`.
    Body,
    /// Any other OParl class (`File`, `Person`, …): not needed here.
    Other,
}

impl Class {
    /// The class of an object, `None` if it is not an OParl object.
    pub fn of(object: &Value) -> Option<Class> {
        let kind = object.get("type")?.as_str()?;
        let name = kind.strip_prefix("https://schema.oparl.org/")?;
        let name = name.rsplit('/').next()?;
        Some(match name {
            "Paper" => Class::Paper,
            "Meeting" => Class::Meeting,
            "Organization" => Class::Organization,
            "AgendaItem" => Class::AgendaItem,
            "Body" => Class::Body,
            _ => Class::Other,
        })
    }
}

/// What a consultation needs of its organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Organization {
    /// `name`.
    pub name: Option<String>,
    /// `shortName`.
    pub short_name: Option<String>,
}

/// What a consultation needs of its meeting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meeting {
    /// `name` (often the committee's former name, with suffixes).
    pub name: Option<String>,
    /// The day of `start`, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// The lookup tables of a dump and where its papers and contents are.
#[derive(Debug, Default)]
pub struct Dump {
    /// The folder given.
    pub root: PathBuf,
    /// Organisations by id.
    pub organizations: HashMap<String, Organization>,
    /// Meetings by id.
    pub meetings: HashMap<String, Meeting>,
    /// Agenda items by id: `public`.
    pub agenda_items: HashMap<String, Option<bool>>,
    /// Bodies by id: `name`.
    pub bodies: HashMap<String, String>,
    /// Files holding papers, in path order, with how many each holds.
    pub paper_files: Vec<(PathBuf, usize)>,
    /// Content files by file name and by file stem.
    contents: HashMap<String, PathBuf>,
    /// JSON objects that are not OParl objects (left alone).
    pub foreign_objects: usize,
    /// Files or lines that could not be read or parsed.
    pub failures: Vec<FileError>,
}

/// Extensions of JSON files holding one object, an array or a list page.
const JSON: &[&str] = &["json"];
/// Extensions of JSON Lines files.
const JSON_LINES: &[&str] = &["jsonl", "ndjson"];
/// Extensions of content files.
const CONTENT: &[&str] = &["txt", "text", "md", "pdf", "html", "htm", "xhtml"];

/// How deep folders are followed (a link loop ends here).
const MAX_DEPTH: usize = 32;

impl Dump {
    /// Reads the lookup tables of the dump below `root`; per-file problems
    /// land in [`Dump::failures`], only a missing or unreadable `root` is
    /// an error.
    pub fn load(root: &Path) -> std::io::Result<Dump> {
        let mut files = Vec::new();
        collect(root, 0, &mut files)?;
        files.sort();
        let mut dump = Dump {
            root: root.to_path_buf(),
            ..Dump::default()
        };
        for path in files {
            let ext = extension(&path);
            if JSON.contains(&ext.as_str()) || JSON_LINES.contains(&ext.as_str()) {
                let mut papers = 0;
                let failures = for_each_object(&path, &mut |object| {
                    if dump.note(&object) == Some(Class::Paper) {
                        papers += 1;
                    }
                });
                dump.failures.extend(failures);
                if papers > 0 {
                    dump.paper_files.push((path, papers));
                }
            } else if CONTENT.contains(&ext.as_str()) {
                let name = file_name(&path);
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.clone(), |(s, _)| s.to_string());
                // The first (in path order) wins where two share a name.
                dump.contents.entry(stem).or_insert_with(|| path.clone());
                dump.contents.entry(name).or_insert(path);
            }
        }
        Ok(dump)
    }

    /// Number of papers found.
    pub fn paper_count(&self) -> usize {
        self.paper_files.iter().map(|(_, n)| n).sum()
    }

    /// Reads the papers again, file by file, handing each Paper object
    /// (with the file it is in) to `each`; stops when `each` returns
    /// `false`. Problems are already in [`Dump::failures`] from the first
    /// pass.
    pub fn papers(&self, each: &mut dyn FnMut(&Path, Value) -> bool) {
        let mut go = true;
        for (path, _) in &self.paper_files {
            if !go {
                break;
            }
            let _ = for_each_object(path, &mut |object| {
                if go && Class::of(&object) == Some(Class::Paper) {
                    go = each(path, object);
                }
            });
        }
    }

    /// The content file of an OParl File: by the last segment of its id,
    /// else by its `fileName` (with and without extension), else by the
    /// last segment of its `accessUrl`.
    pub fn content_of(&self, file: &crate::oparl::FileInfo) -> Option<&Path> {
        let mut keys = vec![last_segment(&file.id)];
        if let Some(name) = &file.file_name {
            keys.push(name.as_str());
            if let Some((stem, _)) = name.rsplit_once('.') {
                keys.push(stem);
            }
        }
        if let Some(url) = &file.access_url {
            keys.push(last_segment(url));
        }
        keys.into_iter()
            .filter(|k| !k.is_empty())
            .find_map(|k| self.contents.get(k))
            .map(PathBuf::as_path)
    }

    /// Records what the tables need of one object; returns its class.
    fn note(&mut self, object: &Value) -> Option<Class> {
        let Some(class) = Class::of(object) else {
            self.foreign_objects += 1;
            return None;
        };
        let id = text(object, "id");
        match (class, id) {
            (Class::Organization, Some(id)) => {
                self.organizations.insert(
                    id,
                    Organization {
                        name: text(object, "name"),
                        short_name: text(object, "shortName"),
                    },
                );
            }
            (Class::Meeting, Some(id)) => {
                let date = text(object, "start").and_then(|s| day(&s));
                for item in list(object, "agendaItem") {
                    self.note(item);
                }
                self.meetings.insert(
                    id,
                    Meeting {
                        name: text(object, "name"),
                        date,
                    },
                );
            }
            (Class::AgendaItem, Some(id)) => {
                let public = object.get("public").and_then(Value::as_bool);
                self.agenda_items.insert(id, public);
            }
            (Class::Body, Some(id)) => {
                if let Some(name) = text(object, "name") {
                    self.bodies.insert(id, name);
                }
            }
            _ => {}
        }
        Some(class)
    }
}

/// Every file below `dir` (or `dir` itself if it is a file).
fn collect(dir: &Path, depth: usize, into: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = fs::metadata(dir)?;
    if meta.is_file() {
        into.push(dir.to_path_buf());
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                // A folder that cannot be read is skipped, not fatal.
                let _ = collect(&path, depth + 1, into);
            }
            Ok(meta) if meta.is_file() => into.push(path),
            _ => {}
        }
    }
    Ok(())
}

/// Calls `each` for every object of a JSON or JSON Lines file; returns
/// the problems met (a malformed line spoils that line only).
fn for_each_object(path: &Path, each: &mut dyn FnMut(Value)) -> Vec<FileError> {
    let fail = |reason: String| FileError::new(path, Stage::Decode, reason);
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return vec![FileError::new(path, Stage::Read, e.to_string())],
    };
    let mut failures = Vec::new();
    if JSON_LINES.contains(&extension(path).as_str()) {
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    failures.push(fail(format!("line {}: {e}", n + 1)));
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(&line) {
                Ok(value) => spread(value, each),
                Err(e) => failures.push(fail(format!("line {}: not JSON: {e}", n + 1))),
            }
        }
    } else {
        match serde_json::from_reader::<_, Value>(BufReader::new(file)) {
            Ok(value) => spread(value, each),
            Err(e) => failures.push(fail(format!("not JSON: {e}"))),
        }
    }
    failures
}

/// An object, the objects of an array, or the `data` of a list page.
fn spread(value: Value, each: &mut dyn FnMut(Value)) {
    match value {
        Value::Array(items) => items.into_iter().for_each(each),
        Value::Object(mut map) if !map.contains_key("type") && map.contains_key("data") => {
            if let Some(Value::Array(items)) = map.remove("data") {
                items.into_iter().for_each(each);
            }
        }
        object @ Value::Object(_) => each(object),
        _ => {}
    }
}

/// A non-empty string property.
pub fn text(object: &Value, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An array property's items (nothing if it is missing or not an array).
pub fn list<'a>(object: &'a Value, key: &str) -> &'a [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// An array of strings (other items left out).
pub fn texts(object: &Value, key: &str) -> Vec<String> {
    list(object, key)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The day of an ISO date or date-time (`2021-04-20T15:30:00+02:00` →
/// `2021-04-20`), if it is one.
pub fn day(value: &str) -> Option<String> {
    let date = value.get(..10)?;
    crate::index::days_from_iso_date(date).map(|_| date.to_string())
}

/// The last path segment of a URL or id.
pub fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_come_from_the_type_url() {
        let paper = serde_json::json!({"type": "https://schema.oparl.org/1.1/Paper"});
        assert_eq!(Class::of(&paper), Some(Class::Paper));
        let file = serde_json::json!({"type": "https://schema.oparl.org/1.0/File"});
        assert_eq!(Class::of(&file), Some(Class::Other));
        assert_eq!(Class::of(&serde_json::json!({"id": "x"})), None);
    }

    #[test]
    fn days_and_segments() {
        assert_eq!(
            day("2021-04-20T15:30:00+02:00").as_deref(),
            Some("2021-04-20")
        );
        assert_eq!(day("20.04.2021"), None);
        assert_eq!(last_segment("https://x/files/8744"), "8744");
    }

    #[test]
    fn a_dump_of_lines_arrays_and_list_pages_is_read_by_type() {
        let dir = tempfile::tempdir().unwrap();
        let paper = |n: u32| {
            format!(
                r#"{{"id":"https://x/papers/{n}","type":"https://schema.oparl.org/1.1/Paper"}}"#
            )
        };
        fs::write(
            dir.path().join("papers.jsonl"),
            format!("{}\n\nnot json\n{}\n", paper(1), paper(2)),
        )
        .unwrap();
        fs::write(
            dir.path().join("orgs.json"),
            r#"{"data":[{"id":"https://x/o/1","type":"https://schema.oparl.org/1.1/Organization","name":"Rat"}],"pagination":{}}"#,
        )
        .unwrap();
        fs::write(dir.path().join("8744.txt"), "Text").unwrap();
        fs::write(
            dir.path().join("8744.json"),
            r#"{"id":"https://x/files/8744"}"#,
        )
        .unwrap();
        let dump = Dump::load(dir.path()).unwrap();
        assert_eq!(dump.paper_count(), 2);
        assert_eq!(dump.failures.len(), 1, "{:?}", dump.failures);
        assert_eq!(dump.foreign_objects, 1);
        assert_eq!(
            dump.organizations["https://x/o/1"].name.as_deref(),
            Some("Rat")
        );
        let mut ids = Vec::new();
        dump.papers(&mut |_, p| {
            ids.push(text(&p, "id").unwrap());
            true
        });
        assert_eq!(ids, ["https://x/papers/1", "https://x/papers/2"]);
        let file = crate::oparl::FileInfo {
            id: "https://x/files/8744".into(),
            ..Default::default()
        };
        assert_eq!(
            dump.content_of(&file),
            Some(dir.path().join("8744.txt").as_path())
        );
    }
}
