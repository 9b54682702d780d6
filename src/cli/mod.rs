//! Command-line interface: one file per subcommand, each with its `Args` and a `run`.

pub mod build;
pub mod completions;
pub mod export;
pub mod man;
pub mod report;
pub mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Validate and publish the MIRPS, the Comprehensive Regional Protection and Solutions
/// Framework of Central America and Mexico.
#[derive(Debug, Parser)]
#[command(name = "mirps", version, about, long_about = None)]
pub struct Cli {
    /// Run as if started in DIR (where mirps looks for mirps.toml, walking up).
    #[arg(short = 'C', long = "root", value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check chapters, plans and cooperation documents; report every problem at once.
    Validate(validate::Args),
    /// Publish the consolidated framework: Markdown, website and data, in every language.
    Build(build::Args),
    /// Funding, coverage and progress tables for the follow-up.
    Report(report::Args),
    /// The resolved framework as mirps.json, or commitments as CSV.
    Export(export::Args),
    /// Shell completions (bash, zsh, fish, PowerShell, elvish), printed to standard output.
    Completions(completions::Args),
    /// The manual pages, mirps.1 and one per subcommand, written into a folder.
    Man(man::Args),
}

/// Exit code when problems were found.
pub const PROBLEMS: u8 = 1;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root, args),
        Command::Build(args) => build::run(cli.root, args),
        Command::Report(args) => report::run(cli.root, args),
        Command::Export(args) => export::run(cli.root, args),
        Command::Completions(args) => completions::run(cli.root, args),
        Command::Man(args) => man::run(cli.root, args),
    }
}

/// Validate and link the framework for a command that publishes data from it. With errors, the
/// problems are printed to standard error and the command stops with exit 1: nothing is made
/// from an invalid framework.
pub fn load_framework(
    root: Option<PathBuf>,
) -> Result<Result<(crate::link::Framework, crate::guard::Inputs), ExitCode>> {
    use std::io::{IsTerminal, Write};
    let options = crate::validate::Options {
        start: root,
        ..Default::default()
    };
    let mut validated = crate::validate::validate(&options)?;
    let framework = crate::link::link(&mut validated, &Default::default());
    let inputs = crate::guard::Inputs::of(&validated.config, &validated.sources);
    if validated.diagnostics.has_errors() {
        let errors: Vec<_> = validated
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .cloned()
            .collect();
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut stderr = std::io::stderr().lock();
        let _ = crate::diag::emit::write(
            &errors,
            &validated.sources,
            crate::diag::emit::Format::Human,
            &crate::diag::emit::Settings {
                color,
                ..Default::default()
            },
            &mut stderr,
        );
        let _ = writeln!(
            stderr,
            "error: the framework has {} error(s); fix them first (`mirps validate`)",
            errors.len()
        );
        return Ok(Err(ExitCode::from(PROBLEMS)));
    }
    Ok(Ok((framework, inputs)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
