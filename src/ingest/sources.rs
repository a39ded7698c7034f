//! What an index was built from: the paths given to every ingest, kept
//! beside the index in [`SOURCES_FILE`], so that a damaged index can be
//! rebuilt from its files ([`super::rebuild`]) even when nothing of it can
//! be read any more.
//!
//! A file's key in the index is its path as it was given, relative to the
//! folder the run was started in. So each given path is kept with that
//! folder and with the rule that named the body of its papers: a rebuild
//! reads each path from the same folder under the same rule, and the keys
//! come out as before (the next nightly run finds its files unchanged).
//!
//! The file is small JSON, rewritten whole (temporary file, then rename)
//! at the start of each run, before anything is written to the index.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::BodyRule;
use crate::index::IndexError;
use crate::source::{path_from_text, path_text};

/// The file beside the index that lists what it was built from.
pub const SOURCES_FILE: &str = "ratsindex-sources.json";

/// The format of [`SOURCES_FILE`]; a file of another version is read as
/// an error, never half-understood.
const VERSION: u32 = 1;

/// One path given to an ingest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenPath {
    /// The folder the run was started in (absolute; bytes that are not
    /// UTF-8 escaped as in the index's keys).
    pub cwd: String,
    /// The path as given (tidied as the walk tidies it).
    pub path: String,
    /// Where its papers' body came from.
    pub body: RecordedBody,
    /// What the path holds: paper files or an OParl dump (`--oparl`).
    #[serde(default, skip_serializing_if = "Kind::is_files")]
    pub kind: Kind,
    /// The bodies file (`--bodies`, absolute) that named its bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bodies: Option<String>,
}

/// What a given path holds, so a rebuild reads it the way it was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Paper files, walked (`ingest PATH`).
    #[default]
    Files,
    /// An OParl dump (`ingest --oparl DIR`).
    Oparl,
}

impl Kind {
    fn is_files(&self) -> bool {
        *self == Kind::Files
    }
}

/// How the paths of one run were read, besides the folder and the body
/// rule: what they hold and the bodies file applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Files or an OParl dump.
    pub kind: Kind,
    /// The bodies file, if one was given.
    pub bodies: Option<PathBuf>,
}

/// [`BodyRule`] as it is written down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedBody {
    /// The extractor read it from the text.
    FromText,
    /// `--body NAME`.
    Fixed(String),
    /// `--body-from-dir`.
    FromDir,
}

impl From<&BodyRule> for RecordedBody {
    fn from(rule: &BodyRule) -> RecordedBody {
        match rule {
            BodyRule::FromText => RecordedBody::FromText,
            BodyRule::Fixed(name) => RecordedBody::Fixed(name.clone()),
            BodyRule::FromDir => RecordedBody::FromDir,
        }
    }
}

impl From<&RecordedBody> for BodyRule {
    fn from(body: &RecordedBody) -> BodyRule {
        match body {
            RecordedBody::FromText => BodyRule::FromText,
            RecordedBody::Fixed(name) => BodyRule::Fixed(name.clone()),
            RecordedBody::FromDir => BodyRule::FromDir,
        }
    }
}

/// Paths read under one folder with one body rule, bodies file and kind:
/// one ingest of a rebuild.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The folder to read them from.
    pub cwd: PathBuf,
    /// The body rule.
    pub body: BodyRule,
    /// What they hold and the bodies file.
    pub reading: Reading,
    /// The paths, as given.
    pub paths: Vec<PathBuf>,
}

/// The contents of [`SOURCES_FILE`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    version: u32,
    /// Every path given, the latest body rule for each.
    pub given: Vec<GivenPath>,
}

impl Sources {
    /// Reads the list of the index in `dir`; none there is an empty list.
    pub fn load(dir: &Path) -> Result<Sources, String> {
        let file = dir.join(SOURCES_FILE);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sources::default()),
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        let sources: Sources = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a list of sources: {e}", file.display()))?;
        if sources.version != VERSION {
            return Err(format!(
                "{}: version {} of the list of sources, this ratsindex reads {VERSION}",
                file.display(),
                sources.version
            ));
        }
        Ok(sources)
    }

    /// Adds `paths` (given in `cwd`, read under `body`); a path given
    /// before keeps its place and takes the new rule.
    pub fn add(&mut self, cwd: &Path, paths: &[PathBuf], body: &BodyRule, reading: &Reading) {
        let cwd = path_text(cwd);
        for path in paths {
            let given = GivenPath {
                cwd: cwd.clone(),
                path: path_text(path),
                body: RecordedBody::from(body),
                kind: reading.kind,
                bodies: reading.bodies.as_deref().map(path_text),
            };
            match self
                .given
                .iter_mut()
                .find(|g| g.cwd == given.cwd && g.path == given.path && g.kind == given.kind)
            {
                Some(known) => *known = given,
                None => self.given.push(given),
            }
        }
    }

    /// Whether the file key `key` lies below a path given in `cwd`.
    /// The key of a paper of an OParl dump is covered by any recorded
    /// dump (a rebuild imports them all again).
    pub fn covers(&self, cwd: &Path, key: &str) -> bool {
        if key.starts_with(crate::oparl::import::KEY_PREFIX) {
            return self.given.iter().any(|g| g.kind == Kind::Oparl);
        }
        let cwd = path_text(cwd);
        let key = Path::new(key);
        self.given
            .iter()
            .any(|g| g.kind == Kind::Files && g.cwd == cwd && key.starts_with(Path::new(&g.path)))
    }

    /// The ingests that read everything again: one per folder, body
    /// rule and [`Reading`], in the order the paths were first given.
    pub fn runs(&self) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for given in &self.given {
            let cwd = path_from_text(&given.cwd);
            let body = BodyRule::from(&given.body);
            let path = path_from_text(&given.path);
            let reading = Reading {
                kind: given.kind,
                bodies: given.bodies.as_deref().map(path_from_text),
            };
            match runs
                .iter_mut()
                .find(|r| r.cwd == cwd && r.body == body && r.reading == reading)
            {
                Some(run) => run.paths.push(path),
                None => runs.push(Run {
                    cwd,
                    body,
                    reading,
                    paths: vec![path],
                }),
            }
        }
        runs
    }

    /// Writes the list beside the index in `dir`, atomically.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let mut sources = self.clone();
        sources.version = VERSION;
        let json = serde_json::to_string_pretty(&sources).map_err(std::io::Error::other)?;
        let temporary = dir.join(format!("{SOURCES_FILE}.tmp"));
        {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()?;
        }
        std::fs::rename(&temporary, dir.join(SOURCES_FILE))
    }
}

/// Adds the paths of a run starting now to the list of the index in
/// `dir`. A list that cannot be read is set aside (`….bad`), not
/// silently lost.
pub fn record(
    dir: &Path,
    paths: &[PathBuf],
    body: &BodyRule,
    reading: &Reading,
) -> Result<(), IndexError> {
    write_record(dir, paths, body, reading).map_err(|source| IndexError::Io {
        context: format!(
            "cannot write the list of sources beside the index at {}",
            dir.display()
        ),
        source,
    })
}

fn write_record(
    dir: &Path,
    paths: &[PathBuf],
    body: &BodyRule,
    reading: &Reading,
) -> std::io::Result<()> {
    let cwd = std::env::current_dir()?;
    let mut sources = match Sources::load(dir) {
        Ok(sources) => sources,
        Err(_) => {
            let file = dir.join(SOURCES_FILE);
            std::fs::rename(&file, dir.join(format!("{SOURCES_FILE}.bad")))?;
            Sources::default()
        }
    };
    let before = sources.clone();
    sources.add(&cwd, paths, body, reading);
    if sources == before && dir.join(SOURCES_FILE).exists() {
        return Ok(());
    }
    sources.save(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_kept_with_their_folder_and_latest_body_rule() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Sources::default();
        let home = Path::new("/srv/archive");
        sources.add(
            home,
            &[PathBuf::from("erfurt"), PathBuf::from("gera")],
            &BodyRule::Fixed("Erfurt".into()),
            &Reading::default(),
        );
        let files = Reading::default();
        sources.add(home, &[PathBuf::from("gera")], &BodyRule::FromDir, &files);
        sources.add(
            Path::new("/tmp"),
            &[PathBuf::from("x.pdf")],
            &BodyRule::FromText,
            &files,
        );
        sources.save(dir.path()).unwrap();
        let read = Sources::load(dir.path()).unwrap();
        assert_eq!(read.given.len(), 3);
        let runs = read.runs();
        assert_eq!(
            runs,
            vec![
                Run {
                    cwd: home.into(),
                    body: BodyRule::Fixed("Erfurt".into()),
                    reading: Reading::default(),
                    paths: vec!["erfurt".into()],
                },
                Run {
                    cwd: home.into(),
                    body: BodyRule::FromDir,
                    reading: Reading::default(),
                    paths: vec!["gera".into()],
                },
                Run {
                    cwd: "/tmp".into(),
                    body: BodyRule::FromText,
                    reading: Reading::default(),
                    paths: vec!["x.pdf".into()],
                },
            ]
        );
        assert!(read.covers(home, "gera/2020/a.pdf"));
        assert!(!read.covers(home, "gerabronn/a.pdf"));
        assert!(!read.covers(Path::new("/tmp"), "gera/a.pdf"));
    }

    #[test]
    fn no_file_is_an_empty_list_and_a_broken_one_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Sources::load(dir.path()).unwrap(), Sources::default());
        std::fs::write(dir.path().join(SOURCES_FILE), "{\"given\": [").unwrap();
        let error = Sources::load(dir.path()).unwrap_err();
        assert!(error.contains("not a list of sources"), "{error}");
        // Recording sets the broken list aside and starts a new one.
        let files = Reading::default();
        record(
            dir.path(),
            &[PathBuf::from("papers")],
            &BodyRule::FromText,
            &files,
        )
        .unwrap();
        assert!(dir.path().join(format!("{SOURCES_FILE}.bad")).exists());
        assert_eq!(Sources::load(dir.path()).unwrap().given.len(), 1);
    }

    #[test]
    fn a_dump_and_a_bodies_file_are_kept_and_read_back_apart() {
        let dir = tempfile::tempdir().unwrap();
        let home = Path::new("/srv");
        let mut sources = Sources::default();
        let named = Reading {
            kind: Kind::Files,
            bodies: Some("/srv/bodies.toml".into()),
        };
        let dump = Reading {
            kind: Kind::Oparl,
            bodies: None,
        };
        sources.add(home, &["archive".into()], &BodyRule::FromDir, &named);
        sources.add(home, &["oparl".into()], &BodyRule::FromText, &dump);
        sources.add(
            home,
            &["loose".into()],
            &BodyRule::FromDir,
            &Reading::default(),
        );
        sources.save(dir.path()).unwrap();
        let read = Sources::load(dir.path()).unwrap();
        let runs = read.runs();
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert_eq!(runs[0].reading, named);
        assert_eq!(runs[1].reading, dump);
        assert_eq!(runs[1].paths, vec![PathBuf::from("oparl")]);
        assert_eq!(runs[2].reading, Reading::default());
        // An OParl paper's key is covered by the dump, not walked as a path.
        assert!(read.covers(home, "oparl:https://example.org/paper/1"));
        assert!(!read.covers(home, "oparl/paper.json"));
        // A list written before kinds and bodies files reads as files.
        let old = r#"{"version":1,"given":[{"cwd":"/srv","path":"a","body":"from_text"}]}"#;
        std::fs::write(dir.path().join(SOURCES_FILE), old).unwrap();
        let read = Sources::load(dir.path()).unwrap();
        assert_eq!(read.runs()[0].reading, Reading::default());
    }
}
