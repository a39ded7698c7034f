//! README.md is true: every command it shows is run, in order, by the
//! real binary in a scratch folder laid out like a fresh clone, and must
//! succeed; the README stays within 250 lines; its links into `docs/`
//! exist; its exit-code table is the binary's.
//!
//! The scratch folder holds a copy of `fixtures/`, an empty `index/`, and
//! `archive/` with one folder per city made of fixture papers (what the
//! archivist's quick start imports). `HOME` and `XDG_CONFIG_HOME` point
//! into it, so completions, man pages and config files stay there. A
//! ```` ```toml ```` block whose first line is `# NAME.toml…` is written to
//! that file when the commands reach it. In a ```` ```crontab ```` block
//! the five time fields are dropped and `/srv/ratsindex` is the scratch
//! folder. `cargo run --release --` is the binary under test.
//!
//! Skipped, and named on stderr: `cargo test` (this is it), `cargo
//! install` (a release build of ten minutes), `ratsindex serve` (runs
//! until stopped; `tests/serve/` covers it).

use std::path::Path;
use std::process::Command;

use crate::util::root;

/// A fenced block of the README.
struct Block {
    lang: String,
    lines: Vec<String>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for line in readme.lines() {
        let fence = line.trim_start().starts_with("```");
        match (&mut open, fence) {
            (None, true) => {
                open = Some(Block {
                    lang: line.trim_start().trim_start_matches('`').trim().to_string(),
                    lines: Vec::new(),
                })
            }
            (Some(_), true) => blocks.extend(open.take()),
            (Some(block), false) => block.lines.push(line.to_string()),
            (None, false) => {}
        }
    }
    blocks
}

/// The commands of a shell block: continuation lines joined, comments and
/// blank lines dropped.
fn commands(block: &Block) -> Vec<String> {
    let mut commands = Vec::new();
    let mut current = String::new();
    for line in &block.lines {
        let line = line.trim();
        if let Some(part) = line.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
            continue;
        }
        current.push_str(line);
        let command = std::mem::take(&mut current);
        let command = command.trim();
        if !command.is_empty() && !command.starts_with('#') {
            commands.push(command.to_string());
        }
    }
    commands
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The scratch folder: a fresh clone's `fixtures/` and `index/`, plus an
/// archive of four cities.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&root().join("fixtures"), &d.join("fixtures"));
    std::fs::create_dir(d.join("index")).unwrap();
    std::fs::write(d.join("index/.gitkeep"), "").unwrap();
    let texts = root().join("fixtures/text");
    for (city, starts) in [
        (
            "erfurt",
            &["erfurt-", "aenderungsantrag-spd-ds-1822-24"][..],
        ),
        ("marburg", &["marburg-"][..]),
        (
            "karlsruhe",
            &["anfrage-karlsruhe", "sessionnet-karlsruhe"][..],
        ),
        ("landtag-bw", &["landtag-bw-"][..]),
    ] {
        let folder = d.join("archive").join(city);
        std::fs::create_dir_all(&folder).unwrap();
        for entry in std::fs::read_dir(&texts).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") && starts.iter().any(|s| name.starts_with(s)) {
                std::fs::copy(texts.join(&name), folder.join(&name)).unwrap();
            }
        }
    }
    std::fs::create_dir_all(d.join("home/.config")).unwrap();
    std::fs::create_dir_all(d.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ratsindex"), d.join("bin/ratsindex")).unwrap();
    dir
}

/// Why a command is not run, if it is not.
fn skip_reason(command: &str) -> Option<&'static str> {
    if command.starts_with("cargo test") {
        Some("the test suite itself")
    } else if command.starts_with("cargo install") {
        Some("a release build of several minutes")
    } else if command.starts_with("ratsindex serve") {
        Some("runs until stopped (tests/serve/ covers it)")
    } else {
        None
    }
}

fn run_shell(dir: &Path, command: &str) -> std::process::Output {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("XDG_CONFIG_HOME", dir.join("home/.config"))
        .env_remove("RATSINDEX_INDEX")
        .env_remove("NO_COLOR")
        .output()
        .expect("run sh")
}

#[test]
fn every_command_of_the_readme_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let scratch = scratch();
    let dir = scratch.path();
    let (mut ran, mut skipped, mut files) = (0, Vec::new(), 0);
    for block in blocks(&readme) {
        let shell_lines: Vec<String> = match block.lang.as_str() {
            "sh" => commands(&block),
            "crontab" => commands(&block)
                .iter()
                .map(|line| {
                    let command: Vec<&str> = line.split_whitespace().skip(5).collect();
                    command
                        .join(" ")
                        .replace("/srv/ratsindex", dir.to_str().unwrap())
                        .replace("\\%", "%")
                })
                .collect(),
            "toml" => {
                let first = block.lines.first().map(String::as_str).unwrap_or_default();
                let name = first
                    .trim_start_matches('#')
                    .split_whitespace()
                    .next()
                    .map(|n| n.trim_end_matches(':'))
                    .filter(|n| n.ends_with(".toml"));
                if let Some(name) = name {
                    std::fs::write(dir.join(name), block.lines.join("\n") + "\n").unwrap();
                    files += 1;
                }
                Vec::new()
            }
            _ => Vec::new(),
        };
        for command in shell_lines {
            if let Some(reason) = skip_reason(&command) {
                skipped.push(format!("{command}  ({reason})"));
                continue;
            }
            let command = command.replace("cargo run --release --", "ratsindex");
            let out = run_shell(dir, &command);
            assert!(
                out.status.success(),
                "README command failed ({}): {command}\nstdout: {}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    for line in &skipped {
        eprintln!("README command not run: {line}");
    }
    // The config file the README shows is read by the next command.
    assert!(
        dir.join("ratsindex.toml").is_file(),
        "the README shows a ratsindex.toml"
    );
    let out = run_shell(dir, "ratsindex search Migration --json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ran >= 15, "only {ran} README commands ran");
    assert!(files >= 2, "only {files} README files written");
    // What the quick starts promise: the report lists papers, the
    // archive's bodies come from its folders and bodies.toml.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("import.json")).unwrap()).unwrap();
    assert!(report["changes"]["new"]["count"].is_u64(), "{report}");
    let out = run_shell(dir, "ratsindex stats --json");
    let stats = String::from_utf8_lossy(&out.stdout);
    assert!(stats.contains("Landtag von Baden-Württemberg"), "{stats}");
}

#[test]
fn the_readme_is_short_and_its_links_exist() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 250, "README.md has {lines} lines (at most 250)");
    let mut links = 0;
    for part in readme.split("](").skip(1) {
        let target = part.split(')').next().unwrap_or_default();
        let file = target.split('#').next().unwrap_or_default();
        if file.is_empty() || file.starts_with("http") {
            continue;
        }
        assert!(
            root().join(file).exists(),
            "README links to {file}, which is missing"
        );
        links += 1;
    }
    assert!(links >= 10, "only {links} links checked");
}

#[test]
fn the_exit_code_table_is_the_binarys() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("### Exit codes")
        .nth(1)
        .expect("README has an Exit codes section");
    let codes: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("| code"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_start_matches('|').split('|').next().unwrap().trim())
        .collect();
    assert_eq!(codes, ["0", "1", "2", "130"]);
    let out = Command::new(env!("CARGO_BIN_EXE_ratsindex"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for code in codes {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} "))),
            "--help lacks exit code {code}:\n{help}"
        );
    }
}
