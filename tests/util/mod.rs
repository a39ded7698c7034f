//! Test helpers: paths to fixtures and the shared corpus, and a way to run
//! the real `ratsindex` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder below `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// `../shared` beside the repository, where the seeds and the corpus live.
/// `None` when it is not there (tests that need it then skip, loudly).
pub fn shared() -> Option<PathBuf> {
    let dir = root().join("..").join("shared");
    dir.is_dir().then_some(dir)
}

/// The binary, with no user settings: neither `RATSINDEX_INDEX` nor a
/// `ratsindex.toml` in the user's config folder.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ratsindex"));
    command
        .env_remove("RATSINDEX_INDEX")
        .env("XDG_CONFIG_HOME", root().join("target/no-such-config-dir"));
    command
}

/// Runs the binary with `args` in `dir`.
pub fn ratsindex(dir: &Path, args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ratsindex")
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Parses JSON Lines.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Runs the binary with `args` in `dir`, killing it and failing the test
/// when it has not ended after `secs` seconds (for inputs that used to
/// hang).
pub fn ratsindex_within(dir: &Path, args: &[&str], secs: u64) -> Output {
    let child = command()
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run ratsindex");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(output) => output.expect("wait for ratsindex"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("ratsindex {args:?} did not end within {secs} s");
        }
    }
}
