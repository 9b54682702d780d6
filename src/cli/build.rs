//! `mirps build`: validate, then publish the consolidated framework for every language — the
//! Markdown document, the HTML site, the PDF with its Typst source (cargo feature `pdf`) and the
//! data — atomically into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::diag::{Text, count};
use crate::t;

use crate::render::edition::Outputs;
use crate::render::publish::{Plan, Publication};
use crate::render::routes;
use crate::render::templates::Templates;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output folder (default: `[paths] output` of mirps.toml, `build`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build only these outputs (repeatable; default: all that this binary supports).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    pub formats: Vec<Output>,

    /// Print how long each stage took to standard error (for benchmarks).
    #[arg(long)]
    pub timings: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// `<lang>/mirps.md`, the consolidated document.
    Md,
    /// `<lang>/html/`, the website.
    Html,
    /// `<lang>/mirps.pdf`, the typeset document, and its Typst source `<lang>/mirps.typ`.
    Pdf,
    /// `data/mirps.json` and `data/commitments.csv`.
    Data,
}

pub use crate::render::publish::PDF_SUPPORT;

/// `langs`: the languages to publish (`--lang`, repeatable), every configured one if empty.
pub fn run(root: Option<PathBuf>, langs: Vec<String>, args: Args) -> Result<ExitCode> {
    let mut timings = Timings::new(args.timings);
    let (framework, inputs) = match super::load_framework(root)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    timings.lap("validate and link");
    let config = &framework.config;
    let outputs = (!args.formats.is_empty()).then(|| Outputs {
        md: args.formats.contains(&Output::Md),
        html: args.formats.contains(&Output::Html),
        pdf: args.formats.contains(&Output::Pdf),
        data: args.formats.contains(&Output::Data),
    });
    let plan = Plan::new(config, &langs, outputs)?;
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => config.root.join(&config.paths.output),
    };
    // Before anything is made: the output never lands on the framework's inputs.
    inputs.check_output_dir(&out)?;
    let overrides = config
        .paths
        .templates
        .as_ref()
        .map(|t| crate::guard::Overrides::new(&config.root, &config.root.join(t)))
        .transpose()?;
    let templates = Templates::load(overrides.as_ref())?;

    let languages = plan.languages.clone();
    let steps = languages.len() as u64 * 3 + 2;
    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(steps)
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg:30} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    progress.set_message(t!(es: "datos", en: "data").to_string());
    let publication = Publication::new(&framework, &templates, plan)?;
    progress.inc(1);
    timings.lap("data and editions");
    let made = publication.files(&|_| progress.inc(2))?;
    timings.lap("Markdown, site and Typst source, every language");
    let mut files = made.files;
    if !made.typst.is_empty() {
        progress.set_message(t!(es: "PDF", en: "PDF").to_string());
        for (lang, pdf, warnings) in pdfs(&publication, overrides.as_ref(), &made.typst)? {
            for warning in warnings {
                let line = t!(
                    es: "aviso: PDF de `{lang}`: {warning}",
                    en: "warning: PDF of `{lang}`: {warning}",
                    lang = lang.as_str(),
                    warning = crate::escape::text(&warning).into_owned(),
                );
                progress.suspend(|| eprintln!("{line}"));
            }
            files.push((routes::pdf(&lang).into(), pdf));
            progress.inc(1);
        }
        for (lang, source) in made.typst {
            files.push((routes::typst(&lang).into(), source.into_bytes()));
        }
    }
    timings.lap("PDF");
    progress.set_position(steps - 1);
    progress.set_message(t!(es: "publicando", en: "publishing").to_string());
    crate::output::publish_dir(&out, &files)?;
    progress.inc(1);
    progress.finish_and_clear();
    timings.lap("publish");
    timings.print();
    let built = t!(
        es: "se publicó {name} ({languages}) en {out}: {files}",
        en: "built {name} ({languages}) into {out}: {files}",
        name = &config.short_title,
        languages = languages.join(", "),
        out = out.display().to_string(),
        files = files_count(files.len()),
    );
    // The title and the path come from the framework: escaped like every other output.
    eprintln!("{}", crate::escape::text(&built.to_string()));
    // Freeing gigabytes of editions takes seconds the process does not need to spend.
    std::mem::forget(publication);
    std::mem::forget(framework);
    Ok(ExitCode::SUCCESS)
}

/// `68 files`, `68 archivos`.
fn files_count(n: usize) -> Text {
    count(
        n,
        t!(es: "{n} archivo", en: "{n} file", n = n),
        t!(es: "{n} archivos", en: "{n} files", n = n),
    )
}

/// Stage times for `--timings` (for benchmarks, whose scripts read them: in English).
struct Timings {
    enabled: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Timings {
    fn new(enabled: bool) -> Self {
        Timings {
            enabled,
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps
            .push((stage, now.duration_since(self.last).as_secs_f64()));
        self.last = now;
    }

    fn print(&self) {
        if self.enabled {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(stage, secs)| format!("{stage} {secs:.3} s"))
                .collect();
            eprintln!("timings: {}", laps.join("; "));
        }
    }
}

use crate::render::publish::Pdf as PdfOutput;

#[cfg(feature = "pdf")]
fn pdfs(
    publication: &Publication<'_>,
    overrides: Option<&crate::guard::Overrides>,
    sources: &[(String, String)],
) -> Result<Vec<PdfOutput>> {
    publication.pdfs(overrides, sources)
}

#[cfg(not(feature = "pdf"))]
fn pdfs(
    _: &Publication<'_>,
    _: Option<&crate::guard::Overrides>,
    _: &[(String, String)],
) -> Result<Vec<PdfOutput>> {
    Err(anyhow::Error::msg(t!(
        es: "este mirps se compiló sin soporte de PDF (característica de cargo `pdf`)",
        en: "this mirps was built without PDF support (cargo feature `pdf`)",
    )))
}
