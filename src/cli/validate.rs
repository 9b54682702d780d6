//! `mirps validate [PATHS…]`: the whole framework, or the given files in its context.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::diag::emit::{self, Format};
use crate::diag::summary::{self, Counts, Links, errors_found, warnings_found};
use crate::diag::{Code, Severity, Text, count};
use crate::link;
use crate::t;
use crate::validate::{self, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to check (default: the whole framework). They are checked in the
    /// context of their framework; only their own problems are reported.
    pub paths: Vec<PathBuf>,

    /// How to print the problems found.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// When to colour the human output (default: when writing to a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Resolve references against a published framework (a mirps.json from `mirps export`), for
    /// a repository that holds only its own plan or pledges.
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,

    /// Also show notes (such as commitments no programme or pledge supports).
    #[arg(long)]
    pub notes: bool,

    /// Print how long each stage took to standard error (for benchmarks).
    #[arg(long)]
    pub timings: bool,

    /// For a workbook (.xlsx): also write a copy of it to OUT.xlsx with every problem cell
    /// highlighted and noted, and a first sheet listing the problems.
    #[arg(long, value_name = "OUT.xlsx")]
    pub annotate: Option<PathBuf>,

    /// The chapter the workbooks stand for (`mirps sheet import --into`).
    #[arg(skip)]
    pub workbook_chapter: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Treat warnings as errors for the exit code.
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to colour output written to stdout.
    pub fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    run_telling(root, args).map(|(code, _)| code)
}

/// [`run`], also telling whether the validation failed (the exit code is 1).
pub fn run_telling(root: Option<PathBuf>, args: Args) -> Result<(ExitCode, bool)> {
    let external = match &args.against {
        Some(path) => link::load_published(path)?,
        None => Default::default(),
    };
    let options = Options {
        start: root,
        paths: args.paths,
        known_ids: external.keys().cloned().collect(),
        workbook_chapter: args.workbook_chapter.clone(),
    };
    let started = std::time::Instant::now();
    let mut validated = validate::validate(&options)?;
    let validated_in = started.elapsed();
    let framework = link::link(&mut validated, &external);
    let linked_in = started.elapsed() - validated_in;
    let errors = validated.diagnostics.count(Severity::Error);
    let warnings = validated.diagnostics.count(Severity::Warning);
    let mut diagnostics = std::mem::take(&mut validated.diagnostics).into_vec();
    // The note that references were not checked (their file could not be read) is always
    // shown: it explains what the run could not say.
    diagnostics.retain(|d| {
        args.notes || d.severity != Severity::Note || d.code == Code::SkippedReferences
    });
    let failed = errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0);
    if args.timings {
        eprintln!(
            "timings: load, schema and rules {:.3} s; link and money {:.3} s",
            validated_in.as_secs_f64(),
            linked_in.as_secs_f64()
        );
    }
    let lang = crate::lang::for_framework(validated.config.default_language());
    let settings = emit::Settings {
        lang,
        color: args.color.enabled(),
        repository: emit::Repository::of(
            &validated.config.root,
            env_path("GITHUB_WORKSPACE").as_deref(),
        ),
        docs_url: env_text("MIRPS_DOCS_URL"),
    };
    let counts = Counts {
        files: validated.file_count(),
        errors,
        warnings,
        failed,
    };
    let summary_file = env_path("GITHUB_STEP_SUMMARY");
    let summarized = summary_file.is_some();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = emit::write(
        &diagnostics,
        &validated.sources,
        args.format,
        &settings,
        &mut stdout,
    )
    .and_then(|()| match args.format {
        Format::Human => {
            let summary = summary(counts).render(lang);
            writeln!(stdout, "{summary}")
        }
        Format::Github => {
            let notes = diagnostics.len() - errors - warnings;
            let line = github_closing_line(counts, notes, summarized).render(lang);
            emit::github_notice(&mut stdout, "mirps validate", &line)
        }
        _ => Ok(()),
    })
    .and_then(|()| stdout.flush());
    // A closed pipe (`mirps validate | head`) is not a failure of the validation.
    drop(written);
    // After the output, so a summary that cannot be written loses no annotation.
    if let Some(path) = summary_file {
        // Whatever the variable says, it never names a chapter or `mirps.toml`.
        crate::guard::Inputs::of(&validated.config, &validated.sources).check_output_file(&path)?;
        job_summary(&path, &diagnostics, &validated.sources, &settings, counts)?;
    }
    if let Some(out) = &args.annotate {
        super::sheet::annotate(out, &diagnostics, &validated, lang)?;
    }
    // Freeing a large framework's documents one by one takes noticeable time; the process is
    // about to exit and the operating system reclaims it all at once.
    std::mem::forget(validated);
    std::mem::forget(framework);
    std::mem::forget(diagnostics);
    Ok((
        if failed {
            ExitCode::from(super::PROBLEMS)
        } else {
            ExitCode::SUCCESS
        },
        failed,
    ))
}

/// How many annotations of each kind GitHub shows for one step.
const ANNOTATIONS_SHOWN: usize = 10;

/// The last line of `--format github`, a notice: what was checked and found, and how many
/// problems GitHub leaves out of the annotations.
fn github_closing_line(counts: Counts, notes: usize, summarized: bool) -> Text {
    // The closing notice is a notice too.
    let hidden = counts.errors.saturating_sub(ANNOTATIONS_SHOWN)
        + counts.warnings.saturating_sub(ANNOTATIONS_SHOWN)
        + (notes + 1).saturating_sub(ANNOTATIONS_SHOWN);
    if hidden == 0 {
        return summary(counts);
    }
    let listed = match summarized {
        true => t!(
            es: "todos los problemas están en la lista de arriba y en el resumen del trabajo",
            en: "every problem is listed above and in the job summary",
        ),
        false => t!(
            es: "todos los problemas están en la lista de arriba, en este registro",
            en: "every problem is listed above in this log",
        ),
    };
    t!(
        es: "{summary}; GitHub muestra como anotaciones a lo sumo {shown} errores, {shown} avisos y {shown} notas por paso, así que {hidden} de estos no aparecen allí: {listed}",
        en: "{summary}; GitHub shows at most {shown} errors, {shown} warnings and {shown} notices per step as annotations, so {hidden} of these are not shown there: {listed}",
        summary = summary(counts),
        shown = ANNOTATIONS_SHOWN,
        hidden = hidden,
        listed = listed,
    )
}

/// Append the Markdown summary of the run to the job summary file.
fn job_summary(
    path: &std::path::Path,
    diagnostics: &[crate::diag::Diagnostic],
    sources: &crate::source::Sources,
    settings: &emit::Settings,
    counts: Counts,
) -> Result<()> {
    use anyhow::Context;
    let links = Links {
        docs: settings.docs_url.clone(),
        blob: match (
            env_text("GITHUB_SERVER_URL"),
            env_text("GITHUB_REPOSITORY"),
            env_text("GITHUB_SHA"),
        ) {
            (Some(server), Some(repository), Some(sha)) => {
                Some(format!("{server}/{repository}/blob/{sha}"))
            }
            _ => None,
        },
    };
    let text = summary::markdown(
        diagnostics,
        sources,
        &settings.repository,
        counts,
        &links,
        settings.lang,
    );
    let path_text = path.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| {
            t!(
                es: "no se puede abrir el resumen del trabajo `{path}`",
                en: "cannot open the job summary `{path}`",
                path = &path_text,
            )
        })?;
    file.write_all(text.as_bytes()).with_context(|| {
        t!(
            es: "no se puede escribir el resumen del trabajo `{path}`",
            en: "cannot write the job summary `{path}`",
            path = &path_text,
        )
    })
}

/// An environment variable that is set and not empty.
fn env_text(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The closing line of a run: `ok: 23 files checked, no problems found`.
fn summary(counts: Counts) -> Text {
    let files = count(
        counts.files,
        t!(es: "se revisó {n} archivo", en: "{n} file checked", n = counts.files),
        t!(es: "se revisaron {n} archivos", en: "{n} files checked", n = counts.files),
    );
    match (counts.errors, counts.warnings, counts.failed) {
        (0, 0, _) => t!(
            es: "ok: {files}, no se encontraron problemas",
            en: "ok: {files}, no problems found",
            files = files,
        ),
        (errors, warnings, false) => t!(
            es: "ok: {files}, {errors} y {warnings}",
            en: "ok: {files}, {errors} and {warnings}",
            files = files,
            errors = errors_found(errors),
            warnings = warnings_found(warnings),
        ),
        (errors, warnings, true) => t!(
            es: "falló: {files}, {errors} y {warnings}",
            en: "failed: {files}, {errors} and {warnings}",
            files = files,
            errors = errors_found(errors),
            warnings = warnings_found(warnings),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn summary_in_both_languages() {
        let counts = Counts {
            files: 23,
            errors: 1,
            warnings: 2,
            failed: true,
        };
        assert_eq!(
            summary(counts).render(Lang::Es),
            "falló: se revisaron 23 archivos, 1 error y 2 avisos"
        );
        assert_eq!(
            summary(counts).render(Lang::En),
            "failed: 23 files checked, 1 error and 2 warnings"
        );
    }
}
