//! The command line: clap definitions only, no I/O.
//!
//! Each subcommand's arguments are a struct here; the matching `run`
//! function lives in `src/cmd/<name>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn German council papers (Drucksachen, Beschlussvorlagen, Anträge,
/// Anfragen, Mitteilungsvorlagen) into structured, searchable records.
///
/// Typical use: `ratsindex ingest archive/` to read every PDF, text,
/// HTML, Word (.docx, .doc), OpenDocument (.odt) and RTF paper below
/// `archive/` into the index in `index/` (scanned pages by OCR, session
/// bundles split into papers), then
/// `ratsindex search "Radverkehr"` to find papers.
///
/// The index is `--index DIR`, else $RATSINDEX_INDEX, else `index` of a
/// ratsindex.toml (working folder, else ~/.config/ratsindex/), else
/// `index/`.
#[derive(Debug, Parser)]
#[command(name = "ratsindex", version, about, long_about, max_term_width = 100,
          after_long_help = crate::exit::HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// When to print bold and colour: auto (on a terminal, unless the
    /// NO_COLOR environment variable is set), always, never.
    #[arg(long, global = true, value_enum, value_name = "WHEN",
          default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, also into pipes and files.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read papers (files or directories, recursively) into the index.
    ///
    /// Incremental: files whose size and modification time are unchanged
    /// are skipped, changed files replace their document, and the same
    /// content at two paths is one document. Commits regularly, so a killed
    /// run is completed by the next one. Exit code 1 if some files failed
    /// (the rest is committed), 2 if the index is locked by another run.
    Ingest(IngestArgs),
    /// Print the extracted record of each file as JSON Lines on stdout.
    ///
    /// Needs no index. One JSON object per paper per line (a session
    /// bundle gives one per paper in it); errors go to stderr, and the
    /// exit code is 1 if any file failed.
    Extract(ExtractArgs),
    /// Search the index and print the best matching papers.
    Search(SearchArgs),
    /// Print one stored paper, by document id, a unique start of one, or
    /// paper number: a summary on a terminal, the record with --json.
    Show(ShowArgs),
    /// Write stored records out: as OParl 1.1 Paper objects (one JSON
    /// object a line), as the records' own JSON Lines, or as CSV.
    ///
    /// Streams the index (memory stays flat however many papers). Exit
    /// code 0 also when nothing matched (the count is printed on stderr);
    /// 2 for a missing index, a malformed query or an unwritable file.
    Export(ExportArgs),
    /// Print the papers a paper cites, the papers citing it (both within
    /// its body) and the most similar papers.
    Related(RelatedArgs),
    /// Print counts about the index: documents by body, type and year,
    /// and the index size.
    Stats(StatsArgs),
    /// Verify the index: the checksum of every file, the schema version,
    /// and that no file is claimed twice; says what is wrong and what to
    /// do. Exit code 1 if the index is damaged.
    Check(CheckArgs),
    /// Serve a search page, a page per paper, a JSON API and Atom feeds
    /// over HTTP (read-only; loopback only unless --bind says otherwise).
    ///
    /// Follows new commits of the index (a running ingest) without a
    /// restart. Stop it with Ctrl-C. Exit code 2 if the index is missing
    /// or the address cannot be bound.
    Serve(ServeArgs),
    /// Merge indexes built from disjoint sets of papers (shards) into one
    /// new index.
    ///
    /// Every shard must have this version's schema; a paper (document id)
    /// in two shards is refused, as is an OUT that exists and is not
    /// empty. The merged index answers every query as an index built in
    /// one run from the same papers. Exit code 2 on any refusal or error
    /// (OUT is then left as it was).
    Merge(MergeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell) made from these definitions.
    ///
    /// bash: `ratsindex completions bash >
    /// ~/.local/share/bash-completion/completions/ratsindex`.
    Completions(CompletionsArgs),
    /// Print the man page (roff) of ratsindex, or of one command.
    ///
    /// `ratsindex man > ~/.local/share/man/man1/ratsindex.1`, `ratsindex
    /// man ingest > ~/.local/share/man/man1/ratsindex-ingest.1`.
    Man(ManArgs),
}

/// `ratsindex completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `ratsindex man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (default: the main page).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Where the index lives.
#[derive(Debug, Args, Clone)]
pub struct IndexArg {
    /// The index directory (else $RATSINDEX_INDEX, else `index` of
    /// ratsindex.toml, else `index`).
    #[arg(
        long,
        value_name = "DIR",
        default_value = "index",
        env = "RATSINDEX_INDEX"
    )]
    pub index: PathBuf,
}

/// Extra vocabulary for the extractors.
#[derive(Debug, Args, Clone, Default)]
pub struct RulesArg {
    /// Add words and labels for your city from a TOML rules file (see
    /// docs/rules.md). May be given more than once.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
}

/// The time one file may take.
#[derive(Debug, Args, Clone)]
pub struct BudgetArg {
    /// The most seconds one file may take to read and extract; a file
    /// taking longer is reported as failed and the run goes on (0: no
    /// limit).
    #[arg(long, value_name = "SECS", default_value_t = 60.0,
          value_parser = parse_seconds)]
    pub time_budget: f64,
}

impl BudgetArg {
    /// The budget, `None` for no limit.
    pub fn duration(&self) -> Option<std::time::Duration> {
        (self.time_budget > 0.0).then(|| std::time::Duration::from_secs_f64(self.time_budget))
    }
}

/// OCR of scanned PDF pages (Tesseract).
#[derive(Debug, Args, Clone)]
pub struct OcrArg {
    /// When to read PDF pages by OCR (Tesseract with German data; a scan
    /// page is read from its own image, other pages are rasterised by
    /// poppler's pdftoppm): `auto` reads pages without a
    /// usable text layer (no text, or a few words over a scanned image);
    /// `always` reads every page; `never` none (such pages are listed in
    /// the record's `ocr.needed`). Without Tesseract the run goes on,
    /// warns once and lists the files that need OCR.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = OcrWhen::Auto)]
    pub ocr: OcrWhen,
    /// Tesseract language(s) for OCR, `+`-separated.
    #[arg(long, value_name = "LANG", default_value = "deu")]
    pub ocr_lang: String,
    /// Resolution pages are rasterised at for OCR. Without it, a scanned
    /// page is read at its scan's own resolution (no resampling), any
    /// other page at 300 dpi; a scan page whose image is at another
    /// resolution is then rasterised rather than read from its image.
    #[arg(long, value_name = "DPI",
          value_parser = clap::value_parser!(u32).range(70..=1200))]
    pub ocr_dpi: Option<u32>,
}

/// Values of `--ocr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrWhen {
    /// Pages without a usable text layer.
    Auto,
    /// Every PDF page.
    Always,
    /// No page.
    Never,
}

impl OcrArg {
    /// The settings for the library, caching in `cache_dir`.
    pub fn settings(&self, cache_dir: Option<PathBuf>) -> ratsindex::source::ocr::OcrSettings {
        use ratsindex::source::ocr::{OcrMode, OcrSettings};
        OcrSettings {
            mode: match self.ocr {
                OcrWhen::Auto => OcrMode::Auto,
                OcrWhen::Always => OcrMode::Always,
                OcrWhen::Never => OcrMode::Never,
            },
            language: self.ocr_lang.clone(),
            dpi: self.ocr_dpi,
            cache_dir,
        }
    }
}

/// Seconds, a finite number from 0 to a day.
fn parse_seconds(text: &str) -> Result<f64, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if (0.0..=86_400.0).contains(&secs) {
        Ok(secs)
    } else {
        Err(format!("{text} is not between 0 and 86400 seconds"))
    }
}

/// `ratsindex ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories to read (directories recursively; symbolic
    /// links are followed; a `.ratsindexignore` file in a folder lists
    /// gitignore-style patterns of files below it to leave out).
    #[arg(required_unless_present_any = ["rebuild", "oparl", "records"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Import an OParl dump instead of files: a folder of JSON files (one
    /// object, an array or a list page each) or JSON Lines with Paper,
    /// Meeting, Organization objects, and the files' contents (PDF, HTML
    /// or text, named by the File's id or fileName). One record per paper:
    /// metadata fills number, title, type, date, consultations, unit; the
    /// paper's own file the rest. With --report, the report also says
    /// where metadata and text agree and lists where they differ. --body,
    /// --full, --prune (papers gone from the dump), --threads and
    /// --rules apply; exit code 1 if some papers or files failed.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["paths", "body_from_dir", "rebuild", "records"])]
    pub oparl: Option<PathBuf>,
    /// Index the records `ratsindex extract` wrote (JSON Lines; `-` for
    /// stdin) instead of reading files: nothing is read or extracted
    /// again. Same upserts, duplicates, counts and report as reading the
    /// files; a line `{"error": …, "path": …}` counts as a failed file.
    /// The papers of a session bundle (one line each, anywhere in the
    /// input) are gathered and indexed as their one file; a bundle with a
    /// paper missing fails as a whole.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["paths", "body_from_dir", "prune", "checksum", "rebuild"])]
    pub records: Option<PathBuf>,
    /// The city or council the papers belong to (recorded as `body`).
    #[arg(long, value_name = "NAME", conflicts_with = "body_from_dir")]
    pub body: Option<String>,
    /// Take the body from the first folder level below each given
    /// directory: archive/erfurt/… → Erfurt.
    #[arg(long)]
    pub body_from_dir: bool,
    /// Make a damaged index anew from its files (what `ratsindex check`
    /// advises): removes the index's files and reads again every path
    /// given to earlier runs (kept in `ratsindex-sources.json` beside
    /// the index), from the folder and with the body rule each was given
    /// with, plus any PATH given now. Interrupted, it can be run again.
    #[arg(long, conflicts_with = "prune")]
    pub rebuild: bool,
    /// A TOML file mapping folder names and other spellings of a body to
    /// one name (`landtag-bw = "Landtag von Baden-Württemberg"`), applied
    /// to every paper's body; after changing it, ingest with --full.
    #[arg(long, value_name = "FILE")]
    pub bodies: Option<PathBuf>,
    /// Delete documents whose files (below the given paths) are gone.
    #[arg(long)]
    pub prune: bool,
    /// Refuse a prune that would remove more than this percentage of the
    /// files indexed below a given path (a disk not mounted looks like
    /// every file deleted). An empty folder is always refused.
    #[arg(long, value_name = "PERCENT", default_value_t = 50,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub prune_max: u8,
    /// Prune even below an empty folder or beyond --prune-max.
    #[arg(long, requires = "prune")]
    pub force: bool,
    /// Read and extract every file again, even unchanged ones (after
    /// changing rules or the body).
    #[arg(long)]
    pub full: bool,
    /// Hash every file, even when size and modification time are unchanged.
    #[arg(long)]
    pub checksum: bool,
    /// Commit after this many written documents (a killed run loses at
    /// most this much work).
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub commit_every: usize,
    /// Commit at least every this many seconds while writing.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub commit_interval: u64,
    /// Threads for reading and extraction (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Memory for the index writer, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256,
          value_parser = clap::value_parser!(u64).range(32..=4096))]
    pub writer_memory: u64,
    /// Write a JSON report of the run (counts and every failed file).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// No progress and no summary on stderr (failures are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub rules: RulesArg,
    #[command(flatten)]
    pub budget: BudgetArg,
    /// OCR pages are cached in `<index>/ocr-cache`, keyed by file hash and
    /// OCR settings, so no file is OCR'd twice.
    #[command(flatten)]
    pub ocr: OcrArg,
}

/// `ratsindex extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or directories to read (directories recursively).
    #[arg(required_unless_present = "files_from", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read the files named in FILE (`-`: stdin), one path per line, and
    /// print one line per path in input order, each flushed as soon as it
    /// and all before it are done: the record (with `file`: the size and
    /// modification time read), or `{"error", "stage", "path"}` for a
    /// file that fails. A session bundle prints one line per paper, one
    /// after the other; a path's lines end with the first line whose
    /// `bundle` is null or absent or has `part` equal to `parts`. Blank
    /// lines are skipped. For piping partitions of a cluster job through
    /// ratsindex.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["paths", "explain", "list_files"])]
    pub files_from: Option<PathBuf>,
    /// Print the document files the given paths hold, one per line, in
    /// the order `ingest` reads them, and extract nothing.
    #[arg(long, conflicts_with = "explain")]
    pub list_files: bool,
    /// The city or council the papers belong to (recorded as `body`).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    /// Instead of JSON, print each field with where it came from: page,
    /// the id of the rule that matched, and the line it matched on; then
    /// the candidates of title, type, number, date and committees, each
    /// with the verdict on it. Use it to see why a field is wrong before
    /// adapting the rules (--rules).
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub budget: BudgetArg,
    #[command(flatten)]
    pub rules: RulesArg,
    #[command(flatten)]
    pub ocr: OcrArg,
    /// Cache OCR'd pages in this folder (e.g. `index/ocr-cache`, the
    /// cache `ingest` keeps); without it nothing is cached.
    #[arg(long, value_name = "DIR")]
    pub ocr_cache: Option<PathBuf>,
}

/// `ratsindex search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (German word forms match each other, the exact
    /// form ranks higher), "a phrase", AND / OR / NOT, `+must -not`,
    /// `Radverk*` (prefix), fields (`reference:`, `body:`, `type:`,
    /// `committee:`, `actor:`, `year:`, `title:`), or a paper number in any
    /// notation ("DS 1822/24"). See docs/search.md.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Only papers of this body (city / council); case-insensitive. May be
    /// given more than once.
    #[arg(long, value_name = "NAME")]
    pub body: Vec<String>,
    /// Only papers of this type (Antrag, Beschlussvorlage, …);
    /// case-insensitive.
    #[arg(long = "type", value_name = "TYPE")]
    pub paper_type: Option<String>,
    /// Only papers going to this committee (its words in order, word forms
    /// folded: "Ausschuss für Umwelt").
    #[arg(long, value_name = "NAME")]
    pub committee: Option<String>,
    /// Only papers dated on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub from: Option<String>,
    /// Only papers dated on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub to: Option<String>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// How many hits to print (1 to 100000).
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = parse_limit)]
    pub limit: usize,
    /// How many hits to skip (for paging; at most 10000000).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = parse_offset)]
    pub offset: usize,
    /// Print one JSON object per hit (JSON Lines): the stored record
    /// without its text, plus `score` and `snippet`.
    #[arg(long)]
    pub json: bool,
    /// Print only the number of matching papers.
    #[arg(long)]
    pub count: bool,
    /// Also print how all matching papers spread over bodies, types, years
    /// and committees.
    #[arg(long)]
    pub facets: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

/// Orders of search hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest paper first.
    Date,
}

/// A page size: memory for the page is reserved up front, so it is bounded.
fn parse_limit(value: &str) -> Result<usize, String> {
    bounded(value, 1, 100_000)
}

/// An offset: the hits before it are collected too, so it is bounded.
fn parse_offset(value: &str) -> Result<usize, String> {
    bounded(value, 0, 10_000_000)
}

fn bounded(value: &str, min: usize, max: usize) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number from {min} to {max}, got {value:?}"
        )),
    }
}

/// Accepts `YYYY-MM-DD` only.
fn parse_day(value: &str) -> Result<String, String> {
    ratsindex::index::days_from_iso_date(value)
        .filter(|_| value.len() == 10)
        .map(|_| value.to_string())
        .ok_or_else(|| format!("expected a date YYYY-MM-DD, got {value:?}"))
}

/// `ratsindex export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The output format: `oparl` (OParl 1.1 Paper objects with embedded
    /// Consultation and File objects and `ratsindex:` extension keys),
    /// `jsonl` (the records as `extract` prints them) or `csv` (one row
    /// per paper with the scalar fields).
    #[arg(long, value_enum, default_value_t = ExportFormat::Oparl)]
    pub format: ExportFormat,
    /// Only papers matching this query (the syntax of `search`).
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,
    /// Only papers of this body; may be given more than once.
    #[arg(long, value_name = "B")]
    pub body: Vec<String>,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The base of the ids given to papers that have no OParl id (read
    /// from files, not from a dump).
    #[arg(long, value_name = "URL", default_value = ratsindex::oparl::export::DEFAULT_BASE)]
    pub base_url: String,
    /// OParl: put the paper's text into the File it was read from
    /// (`text`).
    #[arg(long)]
    pub with_text: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

/// Formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// OParl 1.1 Paper objects, one per line.
    Oparl,
    /// The stored records, one per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// `ratsindex show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A document id (from search), a unique start of one (at least 4
    /// digits), or a paper number ("1822/24").
    #[arg(value_name = "ID_OR_REFERENCE")]
    pub id_or_reference: String,
    /// Only papers of this body (numbers repeat across cities).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    /// Print the whole record as JSON (the default when stdout is not a
    /// terminal).
    #[arg(long, conflicts_with = "summary")]
    pub json: bool,
    /// Print the readable summary (the default on a terminal) also into a
    /// pipe or file.
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

/// `ratsindex related`.
#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// A document id (from search) or a paper number ("1822/24").
    #[arg(value_name = "ID_OR_REFERENCE")]
    pub id_or_reference: String,
    /// Only papers of this body, where a number is not unique.
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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

/// `ratsindex merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The new index (a folder that does not exist or is empty).
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// The indexes to merge.
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `ratsindex check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub index: IndexArg,
}

/// `ratsindex serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on. The default is reachable from
    /// this machine only; another address makes the index readable by
    /// anyone who can reach it.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Threads answering searches (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    #[command(flatten)]
    pub index: IndexArg,
}
