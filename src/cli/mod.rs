//! Command-line interface: one file per subcommand, each with its `Args` and a `run`.

pub mod build;
pub mod completions;
pub mod export;
pub mod init;
pub mod man;
pub mod new;
pub mod report;
pub mod sheet;
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

    /// The language of messages and reports, `es` or `en` (default: the locale's, from LC_ALL,
    /// LC_MESSAGES or LANG, else the framework's first language). For `build`, the languages to
    /// publish (repeatable; default: every language of mirps.toml).
    #[arg(long = "lang", value_name = "CODE", global = true)]
    pub langs: Vec<String>,

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
    /// Start a new framework: mirps.toml, a national chapter per member State, and the schemas
    /// for editors.
    Init(init::Args),
    /// Write the skeleton of a new chapter: `national`, `regional` or `cooperation`.
    New(new::Args),
    /// Spreadsheets: a chapter as an Excel workbook (`export`, `template`), and back (`import`).
    Sheet(sheet::Args),
}

/// Stop as clap stops on a wrong command line: the message, and exit 2.
fn usage_error(message: crate::diag::Text) -> ! {
    use clap::CommandFactory;
    Cli::command()
        .error(clap::error::ErrorKind::InvalidValue, message)
        .exit()
}

/// Exit code when problems were found.
pub const PROBLEMS: u8 = 1;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    use crate::lang::Lang;
    let building = matches!(cli.command, Command::Build(_));
    // A wrong `--lang` is refused in the locale's language.
    crate::lang::ask(Lang::from_env());
    let asked = match cli.langs.first() {
        // `build --lang` may name any language of the framework; its messages are in the first
        // one mirps speaks.
        Some(_) if building => cli.langs.iter().find_map(|code| Lang::from_tag(code)),
        Some(code) => match (Lang::from_tag(code), cli.langs.len()) {
            (Some(lang), 1) if lang.as_str() == code => Some(lang),
            _ => usage_error(crate::t!(
                es: "`--lang` es `es` (español) o `en` (inglés), una sola vez",
                en: "`--lang` is `es` (Spanish) or `en` (English), given once",
            )),
        },
        None => None,
    };
    crate::lang::ask(asked.or_else(Lang::from_env));
    match cli.command {
        Command::Validate(args) => validate::run(cli.root, args),
        Command::Build(args) => build::run(cli.root, cli.langs, args),
        Command::Report(args) => report::run(cli.root, args),
        Command::Export(args) => export::run(cli.root, args),
        Command::Completions(args) => completions::run(cli.root, args),
        Command::Man(args) => man::run(cli.root, args),
        Command::Init(args) => init::run(cli.root, args),
        Command::New(args) => new::run(cli.root, args),
        Command::Sheet(args) => sheet::run(cli.root, args),
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
    // From here on, the run speaks the framework's language unless another was asked for.
    let lang = crate::lang::for_framework(validated.config.default_language());
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
                lang,
                color,
                ..Default::default()
            },
            &mut stderr,
        );
        let message = crate::t!(
            es: "error: el marco tiene {errors}; corríjalos primero (`mirps validate`)",
            en: "error: the framework has {errors}; fix them first (`mirps validate`)",
            errors = crate::diag::summary::errors_found(errors.len()),
        );
        let _ = writeln!(stderr, "{}", message.render(lang));
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
