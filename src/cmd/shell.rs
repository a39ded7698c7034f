//! `ratsindex completions` and `ratsindex man`: shell completion scripts
//! and man pages made from the clap definitions in `cli.rs`, so they say
//! what `--help` says.

use std::io::{self, Write};

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit::Exit;

/// Prints the completion script for the shell.
pub fn completions(args: CompletionsArgs) -> anyhow::Result<Exit> {
    let mut command = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "ratsindex", &mut out);
    out.flush()?;
    Ok(Exit::Success)
}

/// Prints the man page of ratsindex or of one of its commands.
pub fn man(args: ManArgs) -> anyhow::Result<Exit> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => {
            let known: Vec<String> = command
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            command
                .find_subcommand(name)
                .cloned()
                // One page per run: leaking its name costs nothing.
                .map(|sub| sub.name(&*Box::leak(format!("ratsindex-{name}").into_boxed_str())))
                .with_context(|| {
                    format!("no command {name:?}; the commands are {}", known.join(", "))
                })?
        }
    };
    let mut text = Vec::new();
    clap_mangen::Man::new(page).render(&mut text)?;
    let mut out = io::stdout().lock();
    out.write_all(&text)?;
    out.flush()?;
    Ok(Exit::Success)
}
