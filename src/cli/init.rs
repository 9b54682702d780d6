//! `mirps init [DIR]`: a new framework — `mirps.toml` with a comment on every key, the national
//! chapter skeleton of each member State, and a copy of the schemas for editors — that validates
//! clean as written.
//!
//! Flags only, no questions: `--title`, `--short-title`, `--edition`, `--member` (repeatable)
//! and `--languages`; everything else takes the MIRPS defaults, which the comments name. The
//! comments are in the language of the run (`--lang`, else the locale, else Spanish). Nothing is
//! written if any of the files exists already.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::new::{self, Skeleton};
use crate::config::{self, Config};
use crate::diag::{Arg, Text};
use crate::lang::Lang;
use crate::model::{Localized, Translations};
use crate::t;
use crate::validate::{self, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to start the framework in, created if needed (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The framework's title, written for every language (default: the MIRPS's title in each).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// The framework's short name.
    #[arg(long, value_name = "TEXT", default_value = "MIRPS")]
    pub short_title: String,

    /// The edition label (default: this year).
    #[arg(long, value_name = "TEXT")]
    pub edition: Option<String>,

    /// A member State, by its three-letter ISO code; repeatable. Each gets a national chapter
    /// (default: the seven MIRPS States).
    #[arg(long = "member", value_name = "CODE")]
    pub members: Vec<String>,

    /// The languages of the framework's texts, the default first (default: es,en).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub languages: Vec<String>,
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let lang = crate::lang::current();
    let base = match root {
        Some(dir) => dir,
        None => std::env::current_dir().map_err(|e| {
            anyhow::Error::msg(t!(
                es: "no se puede leer la carpeta de trabajo: {error}",
                en: "cannot read the working directory: {error}",
                error = e.to_string(),
            ))
        })?,
    };
    let dir = match &args.dir {
        Some(dir) => base.join(dir),
        None => base.clone(),
    };
    let shown_dir = args.dir.as_deref().map_or_else(
        || ".".to_string(),
        |d| crate::escape::line(&d.display().to_string()).into_owned(),
    );
    let languages = languages(&args.languages)?;
    let members = members(&args.members)?;
    for (flag, text) in [
        ("--title", args.title.as_deref()),
        ("--short-title", Some(args.short_title.as_str())),
        ("--edition", args.edition.as_deref()),
    ] {
        if let Some(text) = text
            && (text.trim().is_empty() || text.chars().any(char::is_control))
        {
            return Err(anyhow::Error::msg(t!(
                es: "`{flag}` necesita un texto de una sola línea, sin caracteres de control",
                en: "`{flag}` needs a one-line text without control characters",
                flag = flag,
            )));
        }
    }
    if dir.exists() && !dir.is_dir() {
        return Err(anyhow::Error::msg(t!(
            es: "`{dir}` no es una carpeta",
            en: "`{dir}` is not a folder",
            dir = shown_dir.as_str(),
        )));
    }
    let dir = crate::guard::resolve(&dir);
    refuse_inside_chapters(&dir)?;

    let date = new::today();
    let edition = args
        .edition
        .clone()
        .unwrap_or_else(|| date.get(..4).unwrap_or_default().to_string());
    let title = Localized::Map(Translations::new(
        languages
            .iter()
            .map(|code| {
                let text = match &args.title {
                    Some(title) => title.trim().to_string(),
                    None => Config::defaults(PathBuf::new())
                        .title
                        .resolve(code, "en", "en")
                        .0
                        .to_string(),
                };
                (code.clone(), text)
            })
            .collect(),
    ));
    let mut config = Config::defaults(dir.clone());
    config.title = title;
    config.short_title = args.short_title.trim().to_string();
    config.edition = edition;
    config.cutoff = date.clone();
    config.languages = languages;
    config.members = members;

    let mut files: Vec<(PathBuf, Vec<u8>)> = crate::schema::EMBEDDED
        .iter()
        .map(|(name, text)| (Path::new("schemas").join(name), text.as_bytes().to_vec()))
        .collect();
    files.push((
        config::FILE_NAME.into(),
        mirps_toml(&config, lang).into_bytes(),
    ));
    for member in &config.members {
        let relative = config
            .paths
            .chapters
            .join(new::What::National.folder())
            .join(format!("{}.yaml", member.to_lowercase()));
        let cx = Skeleton {
            config: &config,
            notes: lang,
            date: date.clone(),
            modeline: new::modeline(
                &relative,
                &Path::new("schemas").join(crate::model::Kind::National.schema_file()),
            ),
            taken: Default::default(),
            command: "mirps init".into(),
        };
        files.push((relative, new::national(&cx, member).into_bytes()));
    }
    new::create_files(&dir, &files)?;

    let validated = validate::validate(&Options {
        start: Some(dir.clone()),
        ..Default::default()
    })?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        t!(
            es: "marco creado en `{dir}`:",
            en: "started a framework in `{dir}`:",
            dir = shown_dir.as_str(),
        )
        .render(lang)
    );
    for (relative, _) in files.iter().filter(|(p, _)| !p.starts_with("schemas")) {
        let _ = writeln!(out, "  {}", new::display(relative));
    }
    let schemas = crate::schema::EMBEDDED.len();
    let _ = writeln!(
        out,
        "  {}",
        t!(
            es: "schemas/ ({count}, para que el editor complete y explique cada clave)",
            en: "schemas/ ({count}, so that editors complete and explain every key)",
            count = crate::diag::count(
                schemas,
                t!(es: "{n} esquema", en: "{n} schema", n = schemas),
                t!(es: "{n} esquemas", en: "{n} schemas", n = schemas),
            ),
        )
        .render(lang)
    );
    let written = t!(es: "el marco escrito", en: "the framework written");
    if new::report_problems(&validated, written, lang) {
        return Ok(ExitCode::from(super::PROBLEMS));
    }
    let validate = match &args.dir {
        Some(_) => format!("mirps -C {shown_dir} validate"),
        None => "mirps validate".to_string(),
    };
    let _ = writeln!(
        out,
        "{}",
        t!(
            es: "siguiente paso: complete `mirps.toml` y los capítulos (reemplace los textos de ejemplo; un comentario sobre cada clave la explica) y compruebe el marco con `{validate}`; para añadir un capítulo, use `mirps new national CÓDIGO`, `mirps new regional CÓDIGO` o `mirps new cooperation CÓDIGO`",
            en: "next: complete `mirps.toml` and the chapters (replace the placeholder texts; a comment above each key explains it) and check the framework with `{validate}`; to add a chapter, use `mirps new national CODE`, `mirps new regional CODE` or `mirps new cooperation CODE`",
            validate = validate,
        )
        .render(lang)
    );
    Ok(ExitCode::SUCCESS)
}

/// The `--languages` asked for (`es,en` by default), each a two-letter code, once.
fn languages(asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        return Ok(vec!["es".into(), "en".into()]);
    }
    let mut languages: Vec<String> = Vec::new();
    for code in asked {
        let code = code.trim().to_ascii_lowercase();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(anyhow::Error::msg(t!(
                es: "`--languages` lleva códigos de idioma de dos letras separados por comas, como `es,en`; `{code}` no lo es",
                en: "`--languages` takes two-letter language codes separated by commas, such as `es,en`; `{code}` is not one",
                code = crate::escape::line(&code).into_owned(),
            )));
        }
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    Ok(languages)
}

/// The `--member` States asked for (the seven MIRPS States by default), upper case, once each.
fn members(asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        return Ok(Config::defaults(PathBuf::new()).members);
    }
    let mut members: Vec<String> = Vec::new();
    for code in asked {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(anyhow::Error::msg(t!(
                es: "`--member` lleva el código ISO 3166-1 de tres letras de un Estado, como `GTM`; `{code}` no lo es",
                en: "`--member` takes a State's three-letter ISO 3166-1 code, such as `GTM`; `{code}` is not one",
                code = crate::escape::line(&code).into_owned(),
            )));
        }
        if !members.contains(&code) {
            members.push(code);
        }
    }
    Ok(members)
}

/// A framework started inside another framework's chapters folder would have its files read as
/// that framework's chapters.
fn refuse_inside_chapters(dir: &Path) -> Result<()> {
    let Some(parent) = dir.parent() else {
        return Ok(());
    };
    let Some(outer) = config::find_root(parent, parent) else {
        return Ok(());
    };
    let chapters = std::fs::read_to_string(outer.join(config::FILE_NAME))
        .ok()
        .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
        .and_then(|table| {
            table
                .get("paths")?
                .get("chapters")?
                .as_str()
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("chapters"));
    let chapters = crate::guard::resolve(&outer.join(chapters));
    if dir.starts_with(&chapters) {
        return Err(anyhow::Error::msg(t!(
            es: "`{dir}` está dentro de la carpeta de capítulos del marco de `{outer}`, que leería sus archivos como capítulos propios; elija una carpeta fuera de `{chapters}`",
            en: "`{dir}` lies inside the chapters folder of the framework in `{outer}`, which would read its files as its own chapters; choose a folder outside `{chapters}`",
            dir = dir.display().to_string(),
            outer = outer.display().to_string(),
            chapters = chapters.display().to_string(),
        )));
    }
    Ok(())
}

/// A TOML basic string (JSON's escapes are TOML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// `mirps.toml` of `config`, with a comment above every key in `lang`.
fn mirps_toml(config: &Config, lang: Lang) -> String {
    let mut out = String::new();
    let note = |out: &mut String, text: Text| {
        for line in new::wrap(&text.render(lang), 98) {
            out.push('#');
            if !line.is_empty() {
                out.push(' ');
                out.push_str(&line);
            }
            out.push('\n');
        }
    };
    // Read by Even Better TOML (taplo) for completion and hover help in editors.
    out.push_str("#:schema ./schemas/config.schema.json\n");
    note(
        &mut out,
        t!(
            es: "mirps.toml: la configuración del marco {short}, creada con `mirps init`.",
            en: "mirps.toml: the configuration of the {short} framework, written by `mirps init`.",
            short = config.short_title.as_str(),
        ),
    );
    out.push_str("#\n");
    note(
        &mut out,
        t!(
            es: "Este archivo marca la raíz del marco: `mirps validate` y `mirps build` lo buscan subiendo desde la carpeta en que se ejecutan. Los documentos están en `chapters/`: los capítulos nacionales en `national/`, los planes de los organismos regionales e internacionales en `regional/` y las contribuciones de los Estados y entidades cooperantes en `cooperating/`. `mirps new national CÓDIGO`, `mirps new regional CÓDIGO` y `mirps new cooperation CÓDIGO` escriben uno nuevo.",
            en: "This file marks the root of the framework: `mirps validate` and `mirps build` look for it by walking up from the folder they run in. The documents live under `chapters/`: national chapters in `national/`, regional and international organizations' plans in `regional/`, and the pledges of cooperating States and entities in `cooperating/`. `mirps new national CODE`, `mirps new regional CODE` and `mirps new cooperation CODE` write a new one.",
        ),
    );
    note(
        &mut out,
        t!(
            es: "`schemas/` guarda una copia de los esquemas para que el editor complete y explique cada clave; mirps valida con los suyos. Las líneas que empiezan con # son comentarios.",
            en: "`schemas/` holds a copy of the schemas so that editors complete and explain every key; mirps validates with its own. Lines starting with # are comments.",
        ),
    );
    out.push('\n');
    note(
        &mut out,
        t!(
            es: "[framework]: qué es este documento. El título, la edición y la fecha de corte se imprimen en el sitio web, el documento Markdown y el PDF.",
            en: "[framework]: what this document is. The title, edition and cut-off date are printed on the website, the Markdown document and the PDF.",
        ),
    );
    out.push_str("[framework]\n");
    let titles: Vec<String> = config
        .languages
        .iter()
        .map(|code| {
            let (text, _) = config.title.resolve(code, code, code);
            format!("{code} = {}", quoted(text))
        })
        .collect();
    note(
        &mut out,
        t!(
            es: "Título del marco, en cada idioma.",
            en: "The framework's title, in each language.",
        ),
    );
    out.push_str(&format!("title = {{ {} }}\n", titles.join(", ")));
    note(
        &mut out,
        t!(
            es: "Nombre corto, para los encabezados.",
            en: "Short name, for headers.",
        ),
    );
    out.push_str(&format!("short_title = {}\n", quoted(&config.short_title)));
    note(
        &mut out,
        t!(
            es: "Edición; cámbiela al publicar una nueva.",
            en: "Edition label; change it when a new edition is published.",
        ),
    );
    out.push_str(&format!("edition = {}\n", quoted(&config.edition)));
    note(
        &mut out,
        t!(
            es: "Fecha de corte de los datos (año-mes-día): ninguna cifra de los capítulos es posterior.",
            en: "Data cut-off date (year-month-day): no figure in the chapters is later.",
        ),
    );
    out.push_str(&format!("cutoff = {}\n", config.cutoff));
    note(
        &mut out,
        t!(
            es: "Idiomas de los textos: el primero es el predeterminado y el de respaldo. Cada texto de los capítulos se escribe en todos.",
            en: "Languages of the texts: the first is the default and the fallback. Every text of the chapters is written in all of them.",
        ),
    );
    let languages: Vec<String> = config.languages.iter().map(|l| quoted(l)).collect();
    out.push_str(&format!("languages = [{}]\n", languages.join(", ")));
    note(
        &mut out,
        t!(
            es: "Estados miembros, por su código ISO 3166-1 alfa-3. Cada uno tiene un capítulo nacional en `chapters/national/`; un capítulo cuyo `state` no está en la lista es un error.",
            en: "Member States, by their ISO 3166-1 alpha-3 code. Each has a national chapter in `chapters/national/`; a chapter whose `state` is not in this list is an error.",
        ),
    );
    let members: Vec<String> = config.members.iter().map(|m| quoted(m)).collect();
    out.push_str(&format!("members = [{}]\n", members.join(", ")));
    out.push('\n');
    note(
        &mut out,
        t!(
            es: "[paths]: dónde lee y escribe mirps, relativo a este archivo. Añada `templates = \"…\"` o `schemas = \"…\"` solo para reemplazar las plantillas o los esquemas de mirps por los de una carpeta propia.",
            en: "[paths]: where mirps reads and writes, relative to this file. Add `templates = \"…\"` or `schemas = \"…\"` only to replace mirps's templates or schemas with those of a folder of your own.",
        ),
    );
    out.push_str("[paths]\n");
    note(
        &mut out,
        t!(
            es: "Carpeta de los capítulos.",
            en: "Folder of the chapters.",
        ),
    );
    out.push_str(&format!(
        "chapters = {}\n",
        quoted(&new::display(&config.paths.chapters))
    ));
    note(
        &mut out,
        t!(
            es: "Carpeta donde `mirps build` publica el documento, el sitio web, el PDF y los datos.",
            en: "Folder where `mirps build` publishes the document, the website, the PDF and the data.",
        ),
    );
    out.push_str(&format!(
        "output = {}\n",
        quoted(&new::display(&config.paths.output))
    ));
    out.push('\n');
    note(
        &mut out,
        t!(
            es: "[currency]: cada monto se convierte a la moneda base para las tablas de financiamiento (requerido, inversión del Estado, comprometido, desembolsado y brecha). Otra moneda usada en un capítulo necesita aquí su tipo de cambio, en unidades de la moneda base por unidad de esa moneda, con su fecha; por ejemplo `rates = {{ EUR = 1.16 }}` y `rates_date = {date}`.",
            en: "[currency]: every amount is converted to the base currency for the funding tables (required, State investment, pledged, disbursed and gap). Any other currency used in a chapter needs its exchange rate here, in units of the base currency per unit of that currency, with its date; for instance `rates = {{ EUR = 1.16 }}` and `rates_date = {date}`.",
            date = config.cutoff.as_str(),
        ),
    );
    out.push_str("[currency]\n");
    note(
        &mut out,
        t!(
            es: "Moneda base, por su código ISO 4217 de tres letras.",
            en: "Base currency, by its three-letter ISO 4217 code.",
        ),
    );
    out.push_str(&format!("base = {}\n", quoted(&config.currency.base)));
    out.push('\n');
    let ids = |items: Vec<&str>| Arg::all_of(&items);
    note(
        &mut out,
        t!(
            es: "Pilares, poblaciones y grupos de trabajo: rigen los del MIRPS. Pilares: {pillars}. Poblaciones: {populations}. Grupos de trabajo: {groups}. Para cambiarlos, añada secciones `[[pillars]]`, `[[populations]]` o `[[working_groups]]`, cada una con `id` y `title` (y `number` en los pilares), como en el `mirps.toml` del MIRPS.",
            en: "Pillars, populations and working groups: the MIRPS ones apply. Pillars: {pillars}. Populations: {populations}. Working groups: {groups}. To change them, add `[[pillars]]`, `[[populations]]` or `[[working_groups]]` sections, each with `id` and `title` (and `number` for pillars), as in the MIRPS's `mirps.toml`.",
            pillars = ids(config.pillars.iter().map(|p| p.id.as_str()).collect()),
            populations = ids(config.populations.iter().map(|p| p.id.as_str()).collect()),
            groups = ids(config.working_groups.iter().map(|p| p.id.as_str()).collect()),
        ),
    );
    out
}
