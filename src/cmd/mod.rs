//! One module per subcommand, each with `run(args) -> anyhow::Result<Exit>`,
//! plus the glue they share.

pub mod check;
pub mod config;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod merge;
pub mod oparl;
pub mod related;
pub mod search;
pub mod serve;
pub mod shell;
pub mod show;
pub mod signal;
pub mod stats;
pub mod style;

use anyhow::Context;

use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;

use crate::cli::RulesArg;

/// Builds the pipeline from the built-in rules plus the user's files.
pub fn pipeline(rules: &RulesArg) -> anyhow::Result<Pipeline> {
    let started = ratsindex::timing::start();
    let rules = Rules::with_files(&rules.rules).context("cannot load rules")?;
    ratsindex::timing::done(started, "rules", "TOML read");
    let started = ratsindex::timing::start();
    let extractor = Extractor::new(rules).context("cannot compile rules")?;
    ratsindex::timing::done(started, "extractor", "rules built");
    Ok(Pipeline::new(extractor))
}
