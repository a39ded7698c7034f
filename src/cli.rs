//! The command line: clap definitions only, no I/O.
//!
//! Each subcommand's arguments are a struct here; the matching `run`
//! function lives in `src/cmd/<name>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn German council papers (Drucksachen, Beschlussvorlagen, Anträge,
/// Anfragen, Mitteilungsvorlagen) into structured, searchable records.
///
/// Typical use: `ratsindex ingest archive/` to read every PDF, text and
/// HTML paper below `archive/` into the index in `index/`, then
/// `ratsindex search "Radverkehr"` to find papers.
///
/// Exit codes: 0 success; 1 some files failed (the rest was processed) or,
/// for search, nothing found; 2 bad usage or a setup error (no index,
/// malformed query, locked index).
#[derive(Debug, Parser)]
#[command(name = "ratsindex", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read papers (files or directories, recursively) into the index.
    ///
    /// Each file becomes one record; a file already in the index with the
    /// same content is replaced, not duplicated.
    Ingest(IngestArgs),
    /// Print the extracted record of each file as JSON Lines on stdout.
    ///
    /// Needs no index. One JSON object per file per line; errors go to
    /// stderr, and the exit code is 1 if any file failed.
    Extract(ExtractArgs),
    /// Search the index and print the best matching papers.
    Search(SearchArgs),
    /// Print one stored record as JSON, by document id or paper number.
    Show(ShowArgs),
    /// Print counts about the index.
    Stats(StatsArgs),
}

/// Where the index lives.
#[derive(Debug, Args, Clone)]
pub struct IndexArg {
    /// The index directory.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
}

/// Extra vocabulary for the extractors.
#[derive(Debug, Args, Clone, Default)]
pub struct RulesArg {
    /// Add words and labels for your city from a TOML rules file (see
    /// README.md, "Rules"). May be given more than once.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
}

/// `ratsindex ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories to read (directories recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The city or council the papers belong to (recorded as `body`).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub rules: RulesArg,
}

/// `ratsindex extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or directories to read (directories recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The city or council the papers belong to (recorded as `body`).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    #[command(flatten)]
    pub rules: RulesArg,
}

/// `ratsindex search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (German word forms match each other), "a phrase",
    /// AND / OR / NOT, or a paper number such as 1822/24.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Print one JSON object per hit instead of a list.
    #[arg(long)]
    pub json: bool,
    /// How many hits to print.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub index: IndexArg,
}

/// `ratsindex show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A document id (from search) or a paper number ("1822/24").
    #[arg(value_name = "ID_OR_REFERENCE")]
    pub id_or_reference: String,
    #[command(flatten)]
    pub index: IndexArg,
}

/// `ratsindex stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexArg,
}
