//! `mirps build`: validate, then publish the consolidated framework for every language — the
//! Markdown document, the HTML site and the data — atomically into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sha2::Digest;

use crate::render::data;
use crate::render::site::Build;
use crate::render::templates::Templates;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output folder (default: `[paths] output` of mirps.toml, `build`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build only these languages (repeatable; default: every language of mirps.toml).
    #[arg(long = "lang", value_name = "CODE")]
    pub langs: Vec<String>,

    /// Build only these outputs (repeatable; default: all).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    pub formats: Vec<Output>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// `<lang>/mirps.md`, the consolidated document.
    Md,
    /// `<lang>/html/`, the website.
    Html,
    /// `data/mirps.json` and `data/commitments.csv`.
    Data,
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let framework = match super::load_framework(root)? {
        Ok(framework) => framework,
        Err(code) => return Ok(code),
    };
    let config = &framework.config;
    let languages: Vec<String> = if args.langs.is_empty() {
        config.languages.clone()
    } else {
        for lang in &args.langs {
            if !config.languages.contains(lang) {
                bail!(
                    "`{lang}` is not a language of this framework (languages: {})",
                    config.languages.join(", ")
                );
            }
        }
        args.langs.clone()
    };
    let wants = |o: Output| args.formats.is_empty() || args.formats.contains(&o);
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => config.root.join(&config.paths.output),
    };
    let templates = Templates::load(
        config
            .paths
            .templates
            .as_ref()
            .map(|t| config.root.join(t))
            .as_deref(),
    )?;
    let tera = templates.tera().context("a template is broken")?;

    let json = data::json(&framework)?;
    // The stamp identifies the data, not the moment: the same input gives the same output.
    let stamp: String = sha2::Sha256::digest(json.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();

    let steps = languages.len() as u64 * 2 + 2;
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
        progress.set_message("data");
        files.push(("data/mirps.json".into(), json.into_bytes()));
        files.push((
            "data/commitments.csv".into(),
            data::commitments_csv(&framework)?.into_bytes(),
        ));
    }
    progress.inc(1);
    for lang in &languages {
        let build = Build {
            framework: &framework,
            templates: &templates,
            tera: &tera,
            lang,
            languages: &languages,
            stamp: &stamp,
        };
        if wants(Output::Md) {
            progress.set_message(format!("{lang}: Markdown"));
            files.push((
                PathBuf::from(lang).join("mirps.md"),
                build.markdown()?.into_bytes(),
            ));
        }
        progress.inc(1);
        if wants(Output::Html) {
            progress.set_message(format!("{lang}: website"));
            for page in build.site()? {
                files.push((PathBuf::from(lang).join("html").join(page.path), page.bytes));
            }
        }
        progress.inc(1);
    }
    progress.set_message("publishing");
    crate::output::publish_dir(&out, &files)?;
    progress.inc(1);
    progress.finish_and_clear();
    eprintln!(
        "built {} ({}) into {}: {} files",
        config.short_title,
        languages.join(", "),
        out.display(),
        files.len()
    );
    std::mem::forget(framework);
    Ok(ExitCode::SUCCESS)
}
