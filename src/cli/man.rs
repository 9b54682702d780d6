//! `mirps man`: the manual pages, `mirps.1` and one per subcommand (`mirps-validate.1`, …).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::diag::count;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the pages into (created if needed), such as
    /// ~/.local/share/man/man1; nothing there but its mirps*.1 files is touched.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(_root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let pages = pages()?;
    write(&args.out, &pages)?;
    let n = pages.len();
    let written = t!(
        es: "se escribieron {pages} en {dir}",
        en: "wrote {pages} into {dir}",
        pages = count(
            n,
            t!(es: "{n} página de manual", en: "{n} man page", n = n),
            t!(es: "{n} páginas de manual", en: "{n} man pages", n = n),
        ),
        dir = args.out.display().to_string(),
    );
    eprintln!("{}", crate::escape::text(&written.to_string()));
    Ok(ExitCode::SUCCESS)
}

/// Every page as (file name, roff): `mirps.1` first, then the subcommands' pages in the
/// order of `mirps --help`.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    // No page for `help`: every page lists its command's subcommands and options already.
    let mut command = super::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(command, &mut pages)?;
    Ok(pages)
}

fn collect(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    // Every page's footer names mirps and its version, not just the subcommand.
    let man = clap_mangen::Man::new(command).source(format!("mirps {}", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    man.render(&mut roff).with_context(|| {
        t!(
            es: "no se puede generar la página de manual {name}",
            en: "cannot render the man page {name}",
            name = man.get_filename(),
        )
    })?;
    pages.push((man.get_filename(), roff));
    for subcommand in subcommands {
        collect(subcommand, pages)?;
    }
    Ok(())
}

/// Write each page into `dir` atomically (beside its destination, then renamed over it).
fn write(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| {
        t!(
            es: "no se puede crear `{dir}`",
            en: "cannot create `{dir}`",
            dir = dir.display().to_string(),
        )
    })?;
    for (name, roff) in pages {
        crate::output::write_atomic(&dir.join(name), roff)?;
    }
    Ok(())
}
