//! The build plan: which languages and outputs a build makes, and every file of it, made in
//! memory from one [`Edition`] per language. `mirps build` writes the files; a page can also be
//! rendered alone ([`Publication::page`]), without writing anything.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use sha2::Digest;

use super::data;
use super::edition::{self, Edition, LogoView, Outputs};
use super::routes;
use super::site::{Output, Site};
use super::templates::Templates;
use crate::link::Framework;
use crate::t;

/// Whether this binary can make PDFs (built with the cargo feature `pdf`).
pub const PDF_SUPPORT: bool = cfg!(feature = "pdf");

/// Which languages and outputs to make.
#[derive(Clone, Debug)]
pub struct Plan {
    pub languages: Vec<String>,
    pub outputs: Outputs,
}

impl Plan {
    /// `langs`: the languages asked for (every configured one if empty); `outputs`: the
    /// outputs asked for (every one this binary supports if `None`).
    pub fn new(
        config: &crate::config::Config,
        langs: &[String],
        outputs: Option<Outputs>,
    ) -> Result<Plan> {
        let mut languages: Vec<String> = Vec::new();
        for lang in langs {
            if !config.languages.contains(lang) {
                return Err(anyhow::Error::msg(t!(
                    es: "`{lang}` no es un idioma de este marco (idiomas: {languages})",
                    en: "`{lang}` is not a language of this framework (languages: {languages})",
                    lang = lang,
                    languages = config.languages.join(", "),
                )));
            }
            // `--lang es --lang es` is one language.
            if !languages.contains(lang) {
                languages.push(lang.clone());
            }
        }
        if languages.is_empty() {
            languages = config.languages.clone();
        }
        let outputs = match outputs {
            Some(outputs) => {
                if outputs.pdf && !PDF_SUPPORT {
                    return Err(anyhow::Error::msg(t!(
                        es: "este mirps se compiló sin soporte de PDF (característica de cargo `pdf`); compílelo de nuevo con las características por defecto, o elija otro --format",
                        en: "this mirps was built without PDF support (cargo feature `pdf`); rebuild it with default features, or choose another --format",
                    )));
                }
                outputs
            }
            None => Outputs {
                md: true,
                html: true,
                pdf: PDF_SUPPORT,
                data: true,
            },
        };
        Ok(Plan { languages, outputs })
    }
}

/// A logo of the framework, read and checked, as the outputs embed it.
pub struct Logo {
    /// File name in the site's assets and in the PDF's world: `logo-1.svg`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Files of a build: paths relative to the output folder, and bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// A language's PDF: (language, PDF bytes, compiler warnings).
pub type Pdf = (String, Vec<u8>, Vec<String>);

/// Everything a build makes, in memory.
pub struct Publication<'a> {
    pub framework: &'a Framework,
    pub templates: &'a Templates,
    pub tera: tera::Tera,
    pub plan: Plan,
    /// The framework as published data (`data/mirps.json`).
    pub json: String,
    /// Identifies the data, not the moment: the same input gives the same output.
    pub stamp: String,
    /// One edition per language of the plan, in its order.
    pub editions: Vec<Edition>,
    pub logos: Vec<Logo>,
}

/// The files of a build but its PDFs, and the Typst sources the PDFs are typeset from.
pub struct Made {
    pub files: Files,
    /// (language, Typst source) of each PDF to typeset.
    pub typst: Vec<(String, String)>,
}

impl<'a> Publication<'a> {
    /// The editions of every language of `plan` (in parallel), with the framework's logos.
    pub fn new(
        framework: &'a Framework,
        templates: &'a Templates,
        plan: Plan,
    ) -> Result<Publication<'a>> {
        let tera = templates
            .tera()
            .context(t!(es: "una plantilla tiene un error", en: "a template is broken"))?;
        let json = data::json(framework)?;
        let stamp: String = sha2::Sha256::digest(json.as_bytes())
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        let (loaded, diagnostics) = crate::config::load_logos(&framework.config);
        if let Some(problem) = diagnostics.first() {
            return Err(anyhow::Error::msg(t!(
                es: "no se puede leer un logotipo: {problem}",
                en: "cannot read a logo: {problem}",
                problem = crate::diag::Text::verbatim(problem.message.to_string()),
            )));
        }
        let logos: Vec<Logo> = loaded
            .iter()
            .map(|l| Logo {
                name: l.name.clone(),
                bytes: l.bytes.clone(),
            })
            .collect();
        let editions = plan
            .languages
            .par_iter()
            .map(|lang| {
                let words = templates.labels(lang)?;
                let default = framework.config.default_language();
                let logos = loaded
                    .iter()
                    .map(|l| LogoView {
                        src: routes::logo(&l.name),
                        alt: l.alt.resolve(lang, default, default).0.to_string(),
                        href: l.href.clone(),
                    })
                    .collect();
                Ok(Edition::new(edition::Sources {
                    framework,
                    words,
                    lang,
                    languages: &plan.languages,
                    stamp: &stamp,
                    outputs: plan.outputs,
                    logos,
                }))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Publication {
            framework,
            templates,
            tera,
            plan,
            json,
            stamp,
            editions,
            logos,
        })
    }

    /// The site and document renderer of `lang`.
    pub fn site(&self, lang: &str) -> Option<Site<'_>> {
        self.editions
            .iter()
            .find(|e| e.lang == lang)
            .map(|edition| Site {
                edition,
                templates: self.templates,
                tera: &self.tera,
            })
    }

    /// One page of a language's site (its path relative to `html/`), in memory.
    pub fn page(&self, lang: &str, path: &str) -> Result<Option<Output>> {
        let Some(site) = self.site(lang) else {
            return Ok(None);
        };
        if let Some(logo) = self.logos.iter().find(|l| routes::logo(&l.name) == path) {
            return Ok(Some(Output {
                path: path.to_string(),
                bytes: logo.bytes.clone(),
            }));
        }
        site.page(self.framework, path)
    }

    /// Every file of the build but the PDFs; `progress` is told of each language done.
    pub fn files(&self, progress: &(dyn Fn(&str) + Sync)) -> Result<Made> {
        let outputs = self.plan.outputs;
        let mut files: Files = Vec::new();
        if outputs.data {
            files.push((routes::DATA_JSON.into(), self.json.clone().into_bytes()));
            files.push((
                routes::DATA_CSV.into(),
                data::commitments_csv(self.framework)?.into_bytes(),
            ));
        }
        if outputs.html {
            files.push((routes::ROOT_INDEX.into(), self.root_page()?));
        }
        // Every language at once, and within a language the Markdown, the site and the Typst
        // source of the PDF at once: the site is the slow part, the others fit beside it.
        let per_language: Vec<Result<(Files, Option<String>)>> = self
            .editions
            .par_iter()
            .map(|edition| {
                let site = Site {
                    edition,
                    templates: self.templates,
                    tera: &self.tera,
                };
                let lang = &edition.lang;
                let (markdown, (pages, typst)) = rayon::join(
                    || outputs.md.then(|| site.markdown()).transpose(),
                    || {
                        rayon::join(
                            || outputs.html.then(|| site.site(self.framework)).transpose(),
                            || outputs.pdf.then(|| typst_source(edition)).transpose(),
                        )
                    },
                );
                let mut files = Vec::new();
                if let Some(markdown) = markdown? {
                    files.push((routes::markdown(lang).into(), markdown.into_bytes()));
                }
                if let Some(pages) = pages? {
                    let dir = PathBuf::from(routes::html_dir(lang));
                    for page in pages {
                        files.push((dir.join(page.path), page.bytes));
                    }
                    for logo in &self.logos {
                        files.push((dir.join(routes::logo(&logo.name)), logo.bytes.clone()));
                    }
                }
                progress(lang);
                Ok((files, typst?))
            })
            .collect();
        let mut typst = Vec::new();
        for (edition, made) in self.editions.iter().zip(per_language) {
            let (more, source) = made?;
            files.extend(more);
            if let Some(source) = source {
                typst.push((edition.lang.clone(), source));
            }
        }
        Ok(Made { files, typst })
    }

    /// `index.html` at the build's root: it sends a reader to the default language's site and
    /// lists every language, so a published address can end at the folder.
    fn root_page(&self) -> Result<Vec<u8>> {
        #[derive(serde::Serialize)]
        struct Language<'e> {
            code: &'e str,
            name: &'e str,
            href: String,
            title: &'e str,
            label: String,
        }
        #[derive(serde::Serialize)]
        struct Root<'e> {
            default: &'e str,
            home: String,
            favicon: String,
            languages: Vec<Language<'e>>,
        }
        let default = self.plan.languages.first().map_or("en", String::as_str);
        let root = Root {
            default,
            home: routes::home_from_root(default),
            favicon: routes::site_file(default, routes::FAVICON),
            languages: self
                .editions
                .iter()
                .map(|e| Language {
                    code: &e.lang,
                    name: edition::language_name(&e.lang),
                    href: routes::home_from_root(&e.lang),
                    title: &e.meta.title.text,
                    label: e.word("root_enter"),
                })
                .collect(),
        };
        let context = tera::Context::from_serialize(&root)?;
        self.tera
            .render("root.html", &context)
            .map_err(|e| {
                anyhow::Error::msg(t!(
                    es: "plantilla {template}: {error}",
                    en: "template {template}: {error}",
                    template = "root.html",
                    error = crate::diag::Text::verbatim(super::templates::error_chain(&e)),
                ))
            })
            .map(String::into_bytes)
    }

    /// The PDF of each language (see [`super::pdf::compile_all`]): (language, PDF bytes,
    /// compiler warnings).
    #[cfg(feature = "pdf")]
    pub fn pdfs(
        &self,
        overrides: Option<&crate::guard::Overrides>,
        sources: &[(String, String)],
    ) -> Result<Vec<Pdf>> {
        use super::pdf;

        let template_name = match overrides.map(|dir| dir.path(pdf::TEMPLATE)) {
            Some(path) if path.is_file() => path.display().to_string(),
            _ => t!(
                es: "{name} (incluida en mirps)",
                en: "{name} (built in)",
                name = pdf::TEMPLATE,
            )
            .to_string(),
        };
        let config = &self.framework.config;
        let cutoff = &config.cutoff;
        let today = edition::ymd(cutoff).with_context(|| {
            t!(
                es: "la fecha de corte `{cutoff}` no es una fecha",
                en: "the cut-off date `{cutoff}` is not a date",
                cutoff = cutoff,
            )
        })?;
        // Typesetting takes memory in proportion to the document (gigabytes for thousands of
        // pages) and gives it back when done; large documents are typeset one after the
        // other, so the largest language alone decides whether the PDFs fit — checked before
        // any is typeset.
        if let Some((lang, source)) = sources.iter().max_by_key(|(_, source)| source.len()) {
            pdf::check_memory(lang, source.len())?;
        }
        let files: Vec<(String, Vec<u8>)> = self
            .logos
            .iter()
            .map(|l| (routes::logo(&l.name), l.bytes.clone()))
            .collect();
        let inputs: Vec<pdf::Input<'_>> = sources
            .iter()
            .map(|(lang, source)| pdf::Input {
                source: source.clone(),
                template: self.templates.get(pdf::TEMPLATE),
                template_name: template_name.clone(),
                today,
                ident: format!("{}/{}/{lang}", config.short_title, config.edition),
                files: &files,
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
                        lang = lang.as_str(),
                    )
                })?;
                Ok((lang.clone(), bytes, warnings))
            })
            .collect()
    }
}

#[cfg(feature = "pdf")]
fn typst_source(edition: &Edition) -> Result<String> {
    super::typ::source(edition)
}

#[cfg(not(feature = "pdf"))]
fn typst_source(_: &Edition) -> Result<String> {
    Err(anyhow::Error::msg(t!(
        es: "este mirps se compiló sin soporte de PDF (característica de cargo `pdf`)",
        en: "this mirps was built without PDF support (cargo feature `pdf`)",
    )))
}
