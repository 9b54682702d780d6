//! `mirps completions`: the shell completion script, printed to standard output.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(_root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let script = script(args.shell);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        // The reader went away (`| head`): nothing left to tell it.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        result => result.context(t!(
            es: "no se puede escribir el script de autocompletado",
            en: "cannot write the completion script",
        ))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The completion script of `mirps` for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "mirps", &mut script);
    script
}
