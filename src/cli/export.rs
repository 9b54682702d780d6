//! `mirps export`: the resolved framework as `mirps.json`, or one CSV row per commitment.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::render::data;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `json`: the resolved framework with links and roll-ups (mirps.json); `csv`: one row per
    /// commitment (commitments.csv).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let (framework, inputs) = match super::load_framework(root)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    if let Some(path) = &args.out {
        inputs.check_output_file(path)?;
    }
    let text = match args.format {
        Format::Json => data::json(&framework)?,
        Format::Csv => data::commitments_csv(&framework)?,
    };
    match &args.out {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())?,
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}
