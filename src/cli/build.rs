//! `mirps build`: validate, then publish the consolidated framework for every language — the
//! Markdown document, the HTML site, the PDF with its Typst source (cargo feature `pdf`) and the
//! data — atomically into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::prelude::*;
use sha2::Digest;

use crate::diag::{Text, count};
use crate::t;

use crate::render::data;
use crate::render::site::Build;
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

/// Whether this binary can make PDFs (built with the cargo feature `pdf`).
pub const PDF_SUPPORT: bool = cfg!(feature = "pdf");

/// `langs`: the languages to publish (`--lang`, repeatable), every configured one if empty.
pub fn run(root: Option<PathBuf>, langs: Vec<String>, args: Args) -> Result<ExitCode> {
    let mut timings = Timings::new(args.timings);
    let (framework, inputs) = match super::load_framework(root)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    timings.lap("validate and link");
    let config = &framework.config;
    let languages: Vec<String> = if langs.is_empty() {
        config.languages.clone()
    } else {
        let mut chosen: Vec<String> = Vec::new();
        for lang in &langs {
            if !config.languages.contains(lang) {
                return Err(anyhow::Error::msg(t!(
                    es: "`{lang}` no es un idioma de este marco (idiomas: {languages})",
                    en: "`{lang}` is not a language of this framework (languages: {languages})",
                    lang = lang,
                    languages = config.languages.join(", "),
                )));
            }
            // `--lang es --lang es` is one language.
            if !chosen.contains(lang) {
                chosen.push(lang.clone());
            }
        }
        chosen
    };
    if !PDF_SUPPORT && args.formats.contains(&Output::Pdf) {
        return Err(anyhow::Error::msg(t!(
            es: "este mirps se compiló sin soporte de PDF (característica de cargo `pdf`); compílelo de nuevo con las características por defecto, o elija otro --format",
            en: "this mirps was built without PDF support (cargo feature `pdf`); rebuild it with default features, or choose another --format",
        )));
    }
    let wants = |o: Output| {
        if args.formats.is_empty() {
            o != Output::Pdf || PDF_SUPPORT
        } else {
            args.formats.contains(&o)
        }
    };
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
    let tera = templates
        .tera()
        .context(t!(es: "una plantilla tiene un error", en: "a template is broken"))?;

    let json = data::json(&framework)?;
    // The stamp identifies the data, not the moment: the same input gives the same output.
    let stamp: String = sha2::Sha256::digest(json.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();

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

    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if wants(Output::Data) {
        progress.set_message(t!(es: "datos", en: "data").to_string());
        files.push(("data/mirps.json".into(), json.into_bytes()));
        files.push((
            "data/commitments.csv".into(),
            data::commitments_csv(&framework)?.into_bytes(),
        ));
    }
    progress.inc(1);
    timings.lap("data");
    // Every language at once, and within a language the Markdown, the site and the Typst source
    // of the PDF at once (rayon): the site is the slow part, the others fit beside it.
    let per_language: Vec<Result<LanguageOutput>> = languages
        .par_iter()
        .map(|lang| {
            let build = Build {
                framework: &framework,
                templates: &templates,
                tera: &tera,
                lang,
                languages: &languages,
                stamp: &stamp,
            };
            let (markdown, (site, typst)) = rayon::join(
                || wants(Output::Md).then(|| build.markdown()).transpose(),
                || {
                    rayon::join(
                        || wants(Output::Html).then(|| build.site()).transpose(),
                        || wants(Output::Pdf).then(|| typst_source(&build)).transpose(),
                    )
                },
            );
            progress.inc(2);
            let mut files = Vec::new();
            if let Some(markdown) = markdown? {
                files.push((PathBuf::from(lang).join("mirps.md"), markdown.into_bytes()));
            }
            for page in site?.into_iter().flatten() {
                files.push((PathBuf::from(lang).join("html").join(page.path), page.bytes));
            }
            Ok(LanguageOutput {
                files,
                typst: typst?,
            })
        })
        .collect();
    timings.lap("Markdown, site and Typst source, every language");
    // Typst sources of the PDFs, compiled below (the slow part).
    let mut typst_sources: Vec<(&str, String)> = Vec::new();
    for (lang, output) in languages.iter().zip(per_language) {
        let output = output?;
        files.extend(output.files);
        if let Some(source) = output.typst {
            typst_sources.push((lang, source));
        }
    }
    if !typst_sources.is_empty() {
        progress.set_message(t!(es: "PDF", en: "PDF").to_string());
        for (lang, pdf, warnings) in
            pdfs(&framework, &templates, overrides.as_ref(), &typst_sources)?
        {
            for warning in warnings {
                let line = t!(
                    es: "aviso: PDF de `{lang}`: {warning}",
                    en: "warning: PDF of `{lang}`: {warning}",
                    lang = lang,
                    warning = crate::escape::text(&warning).into_owned(),
                );
                progress.suspend(|| eprintln!("{line}"));
            }
            files.push((PathBuf::from(lang).join("mirps.pdf"), pdf));
            progress.inc(1);
        }
        for (lang, source) in typst_sources {
            files.push((PathBuf::from(lang).join("mirps.typ"), source.into_bytes()));
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

/// What a binary without the cargo feature `pdf` says when a PDF is asked for.
#[cfg(not(feature = "pdf"))]
fn no_pdf_support() -> anyhow::Error {
    anyhow::Error::msg(t!(
        es: "este mirps se compiló sin soporte de PDF (característica de cargo `pdf`)",
        en: "this mirps was built without PDF support (cargo feature `pdf`)",
    ))
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

/// What one language contributes: its Markdown and site files, and the Typst source of its PDF.
struct LanguageOutput {
    files: Vec<(PathBuf, Vec<u8>)>,
    typst: Option<String>,
}

/// A language's PDF: (language, PDF bytes, compiler warnings).
type PdfOutput<'a> = (&'a str, Vec<u8>, Vec<String>);

#[cfg(feature = "pdf")]
fn typst_source(build: &Build<'_>) -> Result<String> {
    build.typst()
}

#[cfg(not(feature = "pdf"))]
fn typst_source(_: &Build<'_>) -> Result<String> {
    Err(no_pdf_support())
}

/// The PDF of each language (see [`crate::render::pdf::compile_all`]): (language, PDF bytes,
/// compiler warnings).
#[cfg(feature = "pdf")]
fn pdfs<'a>(
    framework: &crate::link::Framework,
    templates: &Templates,
    overrides: Option<&crate::guard::Overrides>,
    sources: &[(&'a str, String)],
) -> Result<Vec<PdfOutput<'a>>> {
    use crate::render::pdf;

    let template_name = match overrides.map(|dir| dir.path(pdf::TEMPLATE)) {
        Some(path) if path.is_file() => path.display().to_string(),
        _ => t!(
            es: "{name} (incluida en mirps)",
            en: "{name} (built in)",
            name = pdf::TEMPLATE,
        )
        .to_string(),
    };
    let cutoff = &framework.config.cutoff;
    let today = crate::render::typ::ymd(cutoff).with_context(|| {
        t!(
            es: "la fecha de corte `{cutoff}` no es una fecha",
            en: "the cut-off date `{cutoff}` is not a date",
            cutoff = cutoff,
        )
    })?;
    let short = &framework.config.short_title;
    let edition = &framework.config.edition;
    // Typesetting takes memory in proportion to the document (gigabytes for thousands of
    // pages) and gives it back when done; large documents are typeset one after the other, so
    // the largest language alone decides whether the PDFs fit — checked before any is typeset.
    if let Some((lang, source)) = sources.iter().max_by_key(|(_, source)| source.len()) {
        pdf::check_memory(lang, source.len())?;
    }
    let inputs: Vec<pdf::Input<'_>> = sources
        .iter()
        .map(|(lang, source)| pdf::Input {
            source: source.clone(),
            template: templates.get(pdf::TEMPLATE),
            template_name: template_name.clone(),
            today,
            ident: format!("{short}/{edition}/{lang}"),
        })
        .collect();
    sources
        .iter()
        .zip(pdf::compile_all(&inputs))
        .map(|((lang, _), result)| {
            let (bytes, warnings) = result.with_context(|| {
                t!(
                    es: "no se pudo generar el PDF de `{lang}`",
                    en: "cannot make the PDF of `{lang}`",
                    lang = *lang,
                )
            })?;
            Ok((*lang, bytes, warnings))
        })
        .collect()
}

#[cfg(not(feature = "pdf"))]
fn pdfs<'a>(
    _: &crate::link::Framework,
    _: &Templates,
    _: Option<&crate::guard::Overrides>,
    _: &[(&'a str, String)],
) -> Result<Vec<PdfOutput<'a>>> {
    Err(no_pdf_support())
}
