//! The optional `ratsindex.toml`: the index path, the bodies file and
//! defaults of any option that takes a value, per command.
//!
//! Looked for in the working folder, else in `$XDG_CONFIG_HOME/ratsindex/`
//! (`~/.config/ratsindex/`). Precedence: a flag on the command line, then
//! the environment (`RATSINDEX_INDEX`), then this file, then the built-in
//! default. The file's settings become command-line options that the
//! user did not give, so they are checked by the same parser as the
//! command line; an unknown key is an error naming the valid ones.
//!
//! ```toml
//! index = "/data/ratsindex/index"   # every command with --index
//! bodies = "bodies.toml"            # ingest --bodies
//! color = "never"                   # --color
//!
//! [search]
//! limit = 20
//!
//! [ingest]
//! threads = 2
//! ```

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory};

use crate::cli::Cli;

/// The file's name.
pub const FILE_NAME: &str = "ratsindex.toml";

/// Keys that may stand outside a command's table, and apply to every
/// command that has the option.
const TOP_LEVEL: &[&str] = &["index", "bodies", "color"];

/// Options whose values are paths: relative ones are taken relative to
/// the file's folder.
const PATH_KEYS: &[&str] = &["index", "bodies", "rules", "report", "out"];

/// The config file in effect, if any.
pub fn find() -> Option<PathBuf> {
    let here = PathBuf::from(FILE_NAME);
    if here.is_file() {
        return Some(here);
    }
    let dir = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let file = dir.join("ratsindex").join(FILE_NAME);
    file.is_file().then_some(file)
}

/// The command line with the config file's settings added for the
/// options it does not give (nor the environment). Unchanged when there
/// is no file or the command line does not parse (the parser then says
/// why).
pub fn apply(argv: Vec<OsString>) -> anyhow::Result<Vec<OsString>> {
    let Some(file) = find() else {
        return Ok(argv);
    };
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not valid TOML", file.display()))?;
    let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
    let settings = Settings::check(&table).with_context(|| format!("in {}", file.display()))?;
    let Ok(matches) = Cli::command().try_get_matches_from(&argv) else {
        return Ok(argv);
    };
    let Some((name, sub)) = matches.subcommand() else {
        return Ok(argv);
    };
    let added = settings.options_for(name, sub, &base)?;
    if added.is_empty() {
        return Ok(argv);
    }
    // Before a `--` that ends the options, else at the end.
    let at = argv.iter().position(|a| a == "--").unwrap_or(argv.len());
    let mut out = argv;
    out.splice(at..at, added);
    Ok(out)
}

/// The file's keys, checked against the commands' options.
struct Settings<'a> {
    top: Vec<(&'a str, &'a toml::Value)>,
    commands: Vec<(&'a str, &'a toml::Table)>,
}

impl<'a> Settings<'a> {
    fn check(table: &'a toml::Table) -> anyhow::Result<Settings<'a>> {
        let mut cli = Cli::command();
        cli.build();
        let mut settings = Settings {
            top: Vec::new(),
            commands: Vec::new(),
        };
        let commands: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        for (key, value) in table {
            if let (Some(sub), toml::Value::Table(options)) = (cli.find_subcommand(key), value) {
                let valid = value_options(sub);
                for option in options.keys() {
                    if !valid.contains(&long_name(option)) {
                        bail!(
                            "[{key}] has no option {option:?}; it takes {}",
                            valid.join(", ")
                        );
                    }
                }
                settings.commands.push((key, options));
            } else if TOP_LEVEL.contains(&key.as_str()) {
                settings.top.push((key, value));
            } else {
                bail!(
                    "unknown key {key:?}: the keys are {} and a table per command ({})",
                    TOP_LEVEL.join(", "),
                    commands.join(", ")
                );
            }
        }
        Ok(settings)
    }

    /// The options to add to command `name`, whose command line gave
    /// `sub`.
    fn options_for(
        &self,
        name: &str,
        sub: &ArgMatches,
        base: &Path,
    ) -> anyhow::Result<Vec<OsString>> {
        let mut cli = Cli::command();
        // Built, so that each command lists the global options too.
        cli.build();
        let Some(command) = cli.find_subcommand(name) else {
            return Ok(Vec::new());
        };
        let mut wanted: Vec<(String, &toml::Value)> = Vec::new();
        for (key, value) in &self.top {
            wanted.push((long_name(key), value));
        }
        for (command_name, options) in &self.commands {
            if *command_name == name {
                for (key, value) in options.iter() {
                    let key = long_name(key);
                    wanted.retain(|(k, _)| *k != key);
                    wanted.push((key, value));
                }
            }
        }
        let mut added = Vec::new();
        for (key, value) in wanted {
            let Some(arg) = command
                .get_arguments()
                .find(|a| a.get_long() == Some(key.as_str()))
            else {
                continue; // a top-level key this command has no use for
            };
            let given = matches!(
                sub.value_source(arg.get_id().as_str()),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            );
            // NO_COLOR is the environment's word on colour: it beats the
            // file, as RATSINDEX_INDEX does for the index.
            let no_color =
                key == "color" && std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if given || no_color {
                continue;
            }
            let values = match value {
                toml::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for value in values {
                let text = match value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    other => bail!("{key}: {other} is not a value for an option"),
                };
                let text = if PATH_KEYS.contains(&key.as_str()) && Path::new(&text).is_relative() {
                    base.join(text).into_os_string()
                } else {
                    OsString::from(text)
                };
                added.push(OsString::from(format!("--{key}")));
                added.push(text);
            }
        }
        Ok(added)
    }
}

/// `prune_max` and `prune-max` both name `--prune-max`.
fn long_name(key: &str) -> String {
    key.replace('_', "-")
}

/// The long names of a command's options that take a value.
fn value_options(command: &clap::Command) -> Vec<String> {
    command
        .get_arguments()
        .filter(|a| !a.is_positional() && a.get_action().takes_values())
        .filter_map(|a| a.get_long().map(str::to_string))
        .filter(|long| long != "help")
        .collect()
}
