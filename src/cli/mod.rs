//! Command-line interface: one file per subcommand, each with its `Args` and a `run`.

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
}

/// Exit code when problems were found.
pub const PROBLEMS: u8 = 1;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root, args),
    }
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
