//! `mirps report`: funding, coverage and progress tables for the follow-up.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::render::report::{self, Filter, TABLES};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the tables.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Only these States' commitments (repeatable: `--state GTM --state HND`).
    #[arg(long = "state", value_name = "ISO3")]
    pub states: Vec<String>,

    /// Only commitments under these pillars (repeatable).
    #[arg(long = "pillar", value_name = "ID")]
    pub pillars: Vec<String>,

    /// Only this table (required for csv, which holds one table). One of: states, funding,
    /// unsupported, progress, institutions, contributors, organizations, commitments.
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned tables for a terminal.
    Table,
    Markdown,
    /// One table (see `--table`; default `commitments`) as CSV.
    Csv,
    /// Every table as JSON, amounts as numbers.
    Json,
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    // Before the framework is read, so a wrong name costs no validation: in the language asked
    // for (else Spanish), as the framework's is not known yet.
    if let Some(name) = &args.table
        && !TABLES.contains(&name.as_str())
    {
        return Err(anyhow::Error::msg(t!(
            es: "no hay ninguna tabla `{name}`; las tablas son {tables}",
            en: "there is no table `{name}`; the tables are {tables}",
            name = name,
            tables = TABLES.join(", "),
        )));
    }
    let (framework, _) = match super::load_framework(root)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let lang = crate::lang::current();
    let config = &framework.config;
    for state in &args.states {
        if !config.members.contains(state) {
            return Err(anyhow::Error::msg(t!(
                es: "`{state}` no es un Estado miembro (miembros: {members})",
                en: "`{state}` is not a member State (members: {members})",
                state = state,
                members = config.members.join(", "),
            )));
        }
    }
    for pillar in &args.pillars {
        if config.pillar(pillar).is_none() {
            let ids: Vec<&str> = config.pillars.iter().map(|p| p.id.as_str()).collect();
            return Err(anyhow::Error::msg(t!(
                es: "`{pillar}` no es un pilar (pilares: {pillars})",
                en: "`{pillar}` is not a pillar (pillars: {pillars})",
                pillar = pillar,
                pillars = ids.join(", "),
            )));
        }
    }
    let filter = Filter {
        states: args.states,
        pillars: args.pillars,
    };
    let mut tables = report::build(&framework, &filter, lang);
    let only = match (&args.table, args.format) {
        (Some(name), _) => Some(name.as_str()),
        (None, Format::Csv) => Some("commitments"),
        (None, _) => None,
    };
    if let Some(name) = only {
        tables.retain(|t| t.name == name);
    }
    let out = match args.format {
        Format::Table => format!(
            "{}\n\n{}",
            report::heading(&framework).render(lang),
            report::terminal(&tables, lang)
        ),
        Format::Markdown => format!(
            "_{}_\n\n{}",
            report::heading(&framework).render(lang),
            report::markdown(&tables, lang)
        ),
        Format::Csv => report::csv(&tables[0])?,
        Format::Json => report::json(&framework, &tables),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}
