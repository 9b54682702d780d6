//! `mirps new national GTM`, `mirps new regional OAS`, `mirps new cooperation CAN`: the skeleton
//! of a chapter, written into the framework's chapters folder.
//!
//! The skeleton validates clean in its framework: every required key, with placeholder texts in
//! each of the framework's languages (`{ es: …, en: … }`), the schema modeline for editors, and a
//! comment above every key in the drafter's language. It never replaces a file, and refuses a
//! second document for the same owner and a national chapter for a State that is not a member.
//! [`create_files`] and the skeletons are shared with `mirps init`.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::config::Config;
use crate::diag::{Arg, Severity, Text, closest};
use crate::lang::Lang;
use crate::model::Kind;
use crate::t;
use crate::validate::{self, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to write: a State's national chapter, an organization's regional plan, or a
    /// cooperating State's or entity's pledges.
    #[arg(value_enum)]
    pub kind: What,

    /// The owner's code: a member State's three-letter ISO code (GTM), an organization's code
    /// (OAS, SICA) or a contributor's (CAN, EU). Lower case is read as upper case.
    #[arg(value_name = "CODE")]
    pub code: String,
}

/// The kinds of chapter `mirps new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// A member State's national chapter, in `national/`.
    National,
    /// A regional or international organization's plan, in `regional/`.
    Regional,
    /// A cooperating State's or entity's pledges, in `cooperating/`.
    Cooperation,
}

impl What {
    fn kind(self) -> Kind {
        match self {
            What::National => Kind::National,
            What::Regional => Kind::Regional,
            What::Cooperation => Kind::Cooperation,
        }
    }

    /// The folder of the chapters folder that holds this kind, by the project's convention.
    pub fn folder(self) -> &'static str {
        match self {
            What::National => "national",
            What::Regional => "regional",
            What::Cooperation => "cooperating",
        }
    }

    fn word(self) -> &'static str {
        match self {
            What::National => "national",
            What::Regional => "regional",
            What::Cooperation => "cooperation",
        }
    }

    /// "national chapter", "regional plan", "cooperation document".
    fn document(self) -> Text {
        match self {
            What::National => t!(es: "capítulo nacional", en: "national chapter"),
            What::Regional => t!(es: "plan regional", en: "regional plan"),
            What::Cooperation => t!(es: "documento de cooperación", en: "cooperation document"),
        }
    }
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let start = match &root {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().map_err(|e| {
            anyhow::Error::msg(t!(
                es: "no se puede leer la carpeta de trabajo: {error}",
                en: "cannot read the working directory: {error}",
                error = e.to_string(),
            ))
        })?,
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    let Some(framework) = crate::config::find_root(&start, &start) else {
        return Err(anyhow::Error::msg(t!(
            es: "no hay `mirps.toml` en `{dir}` ni en ninguna carpeta superior: ejecute `mirps new` dentro de un marco, indíquelo con `-C CARPETA`, o cree uno con `mirps init`",
            en: "no `mirps.toml` in `{dir}` or any folder above it: run `mirps new` inside a framework, point to one with `-C DIR`, or start one with `mirps init`",
            dir = start.display().to_string(),
        )));
    };
    let validated = validate::validate(&Options {
        start: Some(framework.clone()),
        ..Default::default()
    })?;
    let config = &validated.config;
    let lang = crate::lang::for_framework(config.default_language());
    if !config.valid {
        return Err(anyhow::Error::msg(t!(
            es: "`mirps.toml` tiene errores y mirps no sabe qué idiomas ni qué Estados miembros tiene el marco: corríjalos primero (`mirps validate`)",
            en: "`mirps.toml` has errors, so mirps does not know the framework's languages and member States: fix them first (`mirps validate`)",
        )));
    }
    let code = owner_code(args.kind, &args.code)?;
    if args.kind == What::National && !config.members.contains(&code) {
        return Err(anyhow::Error::msg(not_a_member(&code, &config.members)));
    }
    let kind = args.kind.kind();
    if let Some(facts) = validated.facts.iter().find(|f| {
        f.owner
            .as_ref()
            .is_some_and(|o| o.kind == kind && o.code == code)
    }) {
        let file = facts
            .file
            .map(|id| validated.sources.get(id).name.clone())
            .unwrap_or_default();
        return Err(anyhow::Error::msg(t!(
            es: "`{code}` ya tiene un {document}: `{file}`; complete ese archivo (un documento por Estado u organización)",
            en: "`{code}` already has a {document}: `{file}`; complete that file instead (one document per State or organization)",
            code = code.as_str(),
            document = args.kind.document(),
            file = file,
        )));
    }
    let relative = config
        .paths
        .chapters
        .join(args.kind.folder())
        .join(format!("{}.yaml", code.to_lowercase()));
    let taken: HashSet<String> = validated
        .facts
        .iter()
        .flat_map(|f| &f.declared)
        .map(|d| d.id.clone())
        .collect();
    let schema = schema_path(config, args.kind);
    let cx = Skeleton {
        config,
        notes: lang,
        date: today(),
        modeline: modeline(&relative, &schema.0),
        taken,
        command: format!("mirps new {} {code}", args.kind.word()),
    };
    let text = match args.kind {
        What::National => national(&cx, &code),
        What::Regional => regional(&cx, &code),
        What::Cooperation => cooperation(&cx, &code),
    };
    create_files(&config.root, &[(relative.clone(), text.into_bytes())])?;

    // The skeleton is meant to validate clean; say so if the framework disagrees.
    let checked = validate::validate(&Options {
        start: Some(framework),
        paths: vec![relative.clone()],
        ..Default::default()
    })?;
    let shown = display(&relative);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        t!(
            es: "se escribió `{file}`: el {document} de `{code}`",
            en: "wrote `{file}`: the {document} of `{code}`",
            file = shown.as_str(),
            document = args.kind.document(),
            code = code.as_str(),
        )
        .render(lang)
    );
    if !schema.1 {
        let _ = writeln!(
            out,
            "{}",
            t!(
                es: "nota: el editor no encontrará el esquema `{schema}` que indica la primera línea del archivo; copie allí la carpeta `schemas/` de mirps para tener ayuda al escribir",
                en: "note: the editor will not find the schema `{schema}` named on the file's first line; copy mirps's `schemas/` folder there to get help while typing",
                schema = display(&schema.0),
            )
            .render(lang)
        );
    }
    let written = t!(es: "el archivo escrito", en: "the file written");
    if report_problems(&checked, written, lang) {
        return Ok(ExitCode::from(super::PROBLEMS));
    }
    let _ = writeln!(
        out,
        "{}",
        t!(
            es: "siguiente paso: abra `{file}` en su editor, reemplace los textos de ejemplo (cada clave lleva un comentario que la explica) y compruebe el marco con `mirps validate`",
            en: "next: open `{file}` in your editor, replace the placeholder texts (a comment above each key explains it) and check the framework with `mirps validate`",
            file = shown.as_str(),
        )
        .render(lang)
    );
    Ok(ExitCode::SUCCESS)
}

/// The owner's code as written in the documents, or why `written` cannot be one.
fn owner_code(what: What, written: &str) -> Result<String> {
    let code = written.trim().to_ascii_uppercase();
    let valid = match what {
        What::National => code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
        What::Regional | What::Cooperation => {
            (2..=12).contains(&code.len())
                && code.as_bytes()[0].is_ascii_uppercase()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    };
    if valid {
        return Ok(code);
    }
    Err(anyhow::Error::msg(match what {
        What::National => t!(
            es: "`{code}` no es un código de Estado: escriba su código ISO 3166-1 de tres letras, como `GTM`",
            en: "`{code}` is not a State code: write its three-letter ISO 3166-1 code, such as `GTM`",
            code = crate::escape::line(written).into_owned(),
        ),
        What::Regional => t!(
            es: "`{code}` no es un código de organismo: de 2 a 12 letras mayúsculas o cifras, empezando por una letra, como `OAS` o `SICA`",
            en: "`{code}` is not an organization code: 2 to 12 capital letters or digits, starting with a letter, such as `OAS` or `SICA`",
            code = crate::escape::line(written).into_owned(),
        ),
        What::Cooperation => t!(
            es: "`{code}` no es un código de cooperante: el código ISO de tres letras de un Estado (`CAN`) o de 2 a 12 letras mayúsculas o cifras para una entidad (`EU`)",
            en: "`{code}` is not a contributor code: a State's three-letter ISO code (`CAN`) or 2 to 12 capital letters or digits for an entity (`EU`)",
            code = crate::escape::line(written).into_owned(),
        ),
    }))
}

/// The words of the `not-a-member` diagnostic, for a national chapter asked for a State that
/// is not in `members`.
fn not_a_member(code: &str, members: &[String]) -> Text {
    let ids: Vec<&str> = members.iter().map(String::as_str).collect();
    let help = match closest(code, ids.iter().copied()) {
        Some(candidate) => t!(
            es: "¿quiso decir `{candidate}`?",
            en: "did you mean `{candidate}`?",
            candidate = candidate,
        ),
        None if ids.is_empty() => t!(
            es: "`mirps.toml` no tiene Estados miembros; la secretaría los agrega en `members`",
            en: "`mirps.toml` has no member States; the secretariat adds them to `members`",
        ),
        None => t!(
            es: "los miembros son {members}; la secretaría agrega Estados en `mirps.toml`",
            en: "members are {members}; the secretariat adds States in `mirps.toml`",
            members = Arg::one_of(&ids),
        ),
    };
    t!(
        es: "`{code}` no es un Estado miembro de este marco (no está en `members` de `mirps.toml`); {help}",
        en: "`{code}` is not a member State of this framework (it is not in `members` of `mirps.toml`); {help}",
        code = code,
        help = help,
    )
}

/// Print the problems of a run on `what` (the file or the framework just written) to standard
/// error; true when it found errors or warnings.
pub(super) fn report_problems(validated: &validate::Validated, what: Text, lang: Lang) -> bool {
    let problems: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .cloned()
        .collect();
    if problems.is_empty() {
        return false;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = crate::diag::emit::write(
        &problems,
        &validated.sources,
        crate::diag::emit::Format::Human,
        &crate::diag::emit::Settings {
            lang,
            ..Default::default()
        },
        &mut stderr,
    );
    let _ = writeln!(
        stderr,
        "{}",
        t!(
            es: "error: {what} no pasa `mirps validate` ({problems}); corríjalo a partir de los mensajes de arriba",
            en: "error: {what} does not pass `mirps validate` ({problems}); fix it from the messages above",
            what = what,
            problems = crate::diag::count(
                problems.len(),
                t!(es: "{n} problema", en: "{n} problem", n = problems.len()),
                t!(es: "{n} problemas", en: "{n} problems", n = problems.len()),
            ),
        )
        .render(lang)
    );
    true
}

/// Write each new file (paths relative to `root`): none is written if any already exists, each
/// is written beside its place and moved there only if nothing has appeared there meanwhile, and
/// if one cannot be written the ones this call wrote are removed again.
pub(super) fn create_files(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let existing: Vec<String> = files
        .iter()
        .filter(|(relative, _)| std::fs::symlink_metadata(root.join(relative)).is_ok())
        .map(|(relative, _)| display(relative))
        .collect();
    if !existing.is_empty() {
        let exist = match existing.len() {
            1 => t!(es: "ya existe", en: "already exists"),
            _ => t!(es: "ya existen", en: "already exist"),
        };
        return Err(anyhow::Error::msg(t!(
            es: "{files} {exist}: mirps no reemplaza archivos, así que no escribió nada; elija otra carpeta u otro código, o mueva esos archivos primero",
            en: "{files} {exist}: mirps does not replace files, so it wrote nothing; choose another folder or code, or move those files first",
            files = Arg::all_of(&existing),
            exist = exist,
        )));
    }
    let real_root = crate::guard::resolve(root);
    let mut written: Vec<PathBuf> = Vec::new();
    let result = files.iter().try_for_each(|(relative, bytes)| {
        let path = root.join(relative);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::Error::msg(t!(
                es: "no se puede crear la carpeta `{dir}`: {error}",
                en: "cannot create the folder `{dir}`: {error}",
                dir = dir.display().to_string(),
                error = e.to_string(),
            ))
        })?;
        // A folder of the framework that is a link elsewhere is not written through.
        if !crate::guard::resolve(dir).starts_with(&real_root) {
            return Err(anyhow::Error::msg(t!(
                es: "la carpeta `{dir}` lleva fuera del marco (es un enlace); mirps no escribe fuera de él",
                en: "the folder `{dir}` leads outside the framework (it is a link); mirps does not write outside it",
                dir = dir.display().to_string(),
            )));
        }
        write_new(&path, bytes)?;
        written.push(path);
        Ok(())
    });
    if result.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

/// Write `bytes` to the new file `path` atomically: into a temporary file beside it, then
/// moved into place unless a file has appeared there meanwhile.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: &dyn std::fmt::Display| {
        anyhow::Error::msg(t!(
            es: "no se puede escribir `{path}`: {error}",
            en: "cannot write `{path}`: {error}",
            path = path.display().to_string(),
            error = e.to_string(),
        ))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| cannot(&e))?;
    tmp.write_all(bytes).map_err(|e| cannot(&e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| cannot(&e))?;
    }
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::Error::msg(t!(
                es: "`{path}` apareció mientras mirps escribía; no lo reemplazó",
                en: "`{path}` appeared while mirps was writing; it was not replaced",
                path = path.display().to_string(),
            ))
        } else {
            cannot(&e.error)
        }
    })?;
    Ok(())
}

/// A relative path with `/` separators, as diagnostics show paths.
pub(super) fn display(path: &Path) -> String {
    let text = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    crate::escape::line(&text).into_owned()
}

/// Where the schema of `what` is for editors, relative to the framework root (the `[paths]
/// schemas` folder, else `schemas/`), and whether it is there.
fn schema_path(config: &Config, what: What) -> (PathBuf, bool) {
    let dir = config
        .paths
        .schemas
        .clone()
        .unwrap_or_else(|| PathBuf::from("schemas"));
    let relative = dir.join(what.kind().schema_file());
    let exists = config.root.join(&relative).is_file();
    (relative, exists)
}

/// The first line of a chapter at `file` (relative to the root) that tells the YAML language
/// server where its schema (relative to the root) is.
pub(super) fn modeline(file: &Path, schema: &Path) -> String {
    let file = crate::guard::normalize(file);
    let depth = file.parent().map_or(0, |dir| {
        dir.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
    });
    let up = "../".repeat(depth);
    format!(
        "# yaml-language-server: $schema={up}{}",
        display(&crate::guard::normalize(schema))
    )
}

/// Today's date as year-month-day: `SOURCE_DATE_EPOCH` when set (reproducible output), else the
/// system clock, in UTC.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = crate::model::civil_from_days(seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------------------------
// The skeletons
// ---------------------------------------------------------------------------------------------

/// What every skeleton is written from.
pub(super) struct Skeleton<'a> {
    pub config: &'a Config,
    /// The drafter's language: the comments'.
    pub notes: Lang,
    /// Today, year-month-day.
    pub date: String,
    /// The schema modeline, the file's first line.
    pub modeline: String,
    /// Ids already declared in the framework, which the skeleton's ids avoid.
    pub taken: HashSet<String>,
    /// The command that wrote the file, named in its first comment.
    pub command: String,
}

impl Skeleton<'_> {
    /// The first free id `{prefix}{n}` from `n = 1`.
    fn free_id(&self, prefix: &str) -> String {
        (1..)
            .map(|n| format!("{prefix}{n}"))
            .find(|id| !self.taken.contains(id))
            .unwrap_or_default()
    }

    fn year(&self) -> &str {
        self.date.get(..4).unwrap_or("2026")
    }

    /// `reception-admission` (1, Recepción y admisión), … in the drafter's language.
    fn pillars(&self) -> String {
        let lang = self.notes.as_str();
        let first = self.config.default_language();
        self.config
            .pillars
            .iter()
            .map(|p| {
                let (title, _) = p.title.resolve(lang, first, first);
                format!("`{}` ({}, {title})", p.id, p.number)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `refugees` (Personas refugiadas), … in the drafter's language.
    fn terms(&self, terms: &[crate::config::Term]) -> String {
        let lang = self.notes.as_str();
        let first = self.config.default_language();
        terms
            .iter()
            .map(|t| {
                let (title, _) = t.title.resolve(lang, first, first);
                format!("`{}` ({title})", t.id)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Comments wrap at this width.
const WIDTH: usize = 100;

/// A YAML file written line by line, each key under its comment.
struct Yaml<'a> {
    out: String,
    cx: &'a Skeleton<'a>,
}

impl<'a> Yaml<'a> {
    fn new(cx: &'a Skeleton<'a>) -> Yaml<'a> {
        let mut yaml = Yaml {
            out: String::new(),
            cx,
        };
        yaml.out.push_str(&cx.modeline);
        yaml.out.push('\n');
        yaml
    }

    /// A comment, wrapped, in the drafter's language.
    fn note(&mut self, indent: usize, text: Text) {
        let text = text.render(self.cx.notes);
        for line in wrap(&text, WIDTH.saturating_sub(indent + 2).max(40)) {
            self.out.push_str(&" ".repeat(indent));
            self.out.push('#');
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(&line);
            }
            self.out.push('\n');
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `key: value` under its comment; `value` is written as it is (a code, a number, a date).
    fn key(&mut self, indent: usize, note: Text, key: &str, value: &str) {
        self.note(indent, note);
        self.line(indent, &format!("{key}: {value}"));
    }

    /// A text in every language of the framework, one line each (`|` for Markdown).
    fn texts(&mut self, indent: usize, note: Text, key: &str, text: &Text, markdown: bool) {
        self.note(indent, note);
        self.line(indent, &format!("{key}:"));
        let languages = self.cx.config.languages.clone();
        for code in &languages {
            let words = text.render(content_lang(code));
            if markdown {
                self.line(indent + 2, &format!("{code}: |"));
                for line in wrap(&words, WIDTH.saturating_sub(indent + 4).max(40)) {
                    self.line(indent + 4, &line);
                }
            } else {
                self.line(indent + 2, &format!("{code}: {}", scalar(&words)));
            }
        }
    }

    /// A list of plain values, one per line.
    fn list(&mut self, indent: usize, note: Text, key: &str, items: &[String]) {
        self.note(indent, note);
        self.line(indent, &format!("{key}:"));
        for item in items {
            self.line(indent + 2, &format!("- {}", scalar(item)));
        }
    }

    /// The keys every kind opens with: a header comment, `kind`, `schema_version`, the owner,
    /// its name and the document's language.
    fn head(&mut self, about: Text, kind: (&str, Text), owner: (&str, &str, Text), name: &Text) {
        self.note(0, about);
        self.note(
            0,
            t!(
                es: "Creado con `{command}`. Reemplace los textos de ejemplo y compruebe el marco con `mirps validate`. Las líneas que empiezan con # son comentarios: mirps no las lee y puede borrarlas.",
                en: "Written by `{command}`. Replace the placeholder texts and check the framework with `mirps validate`. Lines starting with # are comments: mirps does not read them and you may delete them.",
                command = self.cx.command.as_str(),
            ),
        );
        let languages: Vec<String> = self
            .cx
            .config
            .languages
            .iter()
            .map(|code| {
                format!(
                    "`{code}`: {}",
                    crate::lang::language_name(code).render(self.cx.notes)
                )
            })
            .collect();
        self.note(
            0,
            t!(
                es: "Cada texto se escribe en los idiomas del marco, una línea por idioma ({languages}). Sangría de dos espacios por nivel, nunca con tabulador. Un texto que contiene `: ` o ` #` va entre comillas.",
                en: "Every text is written in the framework's languages, one line per language ({languages}). Indent by two spaces per level, never with a tab. A text holding `: ` or ` #` goes between quotes.",
                languages = languages.join(", "),
            ),
        );
        self.blank();
        self.key(0, kind.1, "kind", kind.0);
        self.key(
            0,
            t!(es: "Versión del formato: por ahora siempre 1.", en: "Format version: always 1 for now."),
            "schema_version",
            "1",
        );
        self.key(0, owner.2, owner.0, owner.1);
        let note = match name {
            Text::Verbatim(_) => t!(
                es: "Nombre tal como se publica, en cada idioma: escriba el nombre completo en lugar del código.",
                en: "The name as it is published, in each language: write the full name instead of the code.",
            ),
            _ => t!(
                es: "Nombre tal como se publica, en cada idioma.",
                en: "The name as it is published, in each language.",
            ),
        };
        self.texts(0, note, "name", name, false);
        let first = self.cx.config.default_language().to_string();
        self.key(
            0,
            t!(
                es: "Idioma de los textos que se escriban sin indicar su idioma (código de dos letras).",
                en: "Language of any text written without naming its language (a two-letter code).",
            ),
            "language",
            &first,
        );
    }

    fn updated(&mut self) {
        let date = self.cx.date.clone();
        self.key(
            0,
            t!(
                es: "Fecha de la última revisión, como año-mes-día; actualícela en cada revisión.",
                en: "Date of the last revision, as year-month-day; update it on every revision.",
            ),
            "updated",
            &date,
        );
    }

    fn finish(self) -> String {
        self.out
    }
}

/// The language a content text is written in: Spanish or English, and English for a
/// framework language mirps does not speak (the drafter translates it).
fn content_lang(code: &str) -> Lang {
    Lang::from_tag(code).unwrap_or(Lang::En)
}

/// `value` as a YAML scalar that reads back as the same text: plain when that is safe, else
/// between double quotes.
fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || " .,()'/-_".contains(c))
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c.is_ascii_digit())
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// `text` cut into lines of at most `width` characters at spaces (a longer word stays whole, and
/// so does a `code span`, which may hold spaces).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut words: Vec<String> = Vec::new();
        let mut word = String::new();
        let mut in_code = false;
        for c in paragraph.chars() {
            if c == '`' {
                in_code = !in_code;
            }
            if c == ' ' && !in_code {
                words.push(std::mem::take(&mut word));
            } else {
                word.push(c);
            }
        }
        words.push(word);
        let mut line = String::new();
        for word in words.iter().filter(|w| !w.is_empty()) {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// The names of the MIRPS States, organizations and cooperating States of the shipped
/// framework, in Spanish and English; other codes are written as they are, for the drafter to
/// complete.
fn known_name(code: &str) -> Text {
    match code {
        "BLZ" => t!(es: "Belice", en: "Belize"),
        "CRI" => t!(es: "Costa Rica", en: "Costa Rica"),
        "GTM" => t!(es: "Guatemala", en: "Guatemala"),
        "HND" => t!(es: "Honduras", en: "Honduras"),
        "MEX" => t!(es: "México", en: "Mexico"),
        "PAN" => t!(es: "Panamá", en: "Panama"),
        "SLV" => t!(es: "El Salvador", en: "El Salvador"),
        "ARG" => t!(es: "Argentina", en: "Argentina"),
        "BRA" => t!(es: "Brasil", en: "Brazil"),
        "CAN" => t!(es: "Canadá", en: "Canada"),
        "CHE" => t!(es: "Suiza", en: "Switzerland"),
        "COL" => t!(es: "Colombia", en: "Colombia"),
        "ESP" => t!(es: "España", en: "Spain"),
        "EU" => t!(es: "Unión Europea", en: "European Union"),
        "URY" => t!(es: "Uruguay", en: "Uruguay"),
        "USA" => t!(es: "Estados Unidos", en: "United States"),
        "IACHR" => t!(
            es: "Comisión Interamericana de Derechos Humanos (CIDH)",
            en: "Inter-American Commission on Human Rights (IACHR)",
        ),
        "ILO" => t!(
            es: "Organización Internacional del Trabajo (OIT)",
            en: "International Labour Organization (ILO)",
        ),
        "IOM" => t!(
            es: "Organización Internacional para las Migraciones (OIM)",
            en: "International Organization for Migration (IOM)",
        ),
        "OAS" => t!(
            es: "Organización de los Estados Americanos",
            en: "Organization of American States",
        ),
        "SICA" => t!(
            es: "Sistema de la Integración Centroamericana (Secretaría General)",
            en: "Central American Integration System (General Secretariat)",
        ),
        "UNDP" => t!(
            es: "Programa de las Naciones Unidas para el Desarrollo (PNUD)",
            en: "United Nations Development Programme (UNDP)",
        ),
        "UNHCR" => t!(
            es: "Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)",
            en: "Office of the United Nations High Commissioner for Refugees (UNHCR)",
        ),
        other => Text::verbatim(other),
    }
}

/// "Guatemala (GTM)" for a known code, else the code.
fn named(code: &str) -> Text {
    match known_name(code) {
        Text::Verbatim(_) => Text::verbatim(code),
        name => t!(es: "{name} ({code})", en: "{name} ({code})", name = name, code = code),
    }
}

/// The skeleton of a national chapter for the member State `code`.
pub(super) fn national(cx: &Skeleton<'_>, code: &str) -> String {
    let mut y = Yaml::new(cx);
    y.head(
        t!(
            es: "Capítulo nacional de {name} en el {framework}: el plan de acción nacional del Estado, con sus instituciones y sus compromisos priorizados.",
            en: "National chapter of {name} in the {framework}: the State's national action plan, with its institutions and its prioritised commitments.",
            name = named(code),
            framework = cx.config.short_title.as_str(),
        ),
        (
            "national-chapter",
            t!(
                es: "Tipo de documento: el capítulo nacional de un Estado miembro. No lo cambie.",
                en: "Document kind: a member State's national chapter. Do not change it.",
            ),
        ),
        (
            "state",
            code,
            t!(
                es: "El Estado, por su código ISO de tres letras; debe figurar en `members` de `mirps.toml` y encabeza cada identificador de compromiso.",
                en: "The State, by its three-letter ISO code; it must be listed in `members` of `mirps.toml`, and it starts every commitment id.",
            ),
        ),
        &known_name(code),
    );
    y.key(
        0,
        t!(
            es: "Estado del capítulo: `draft` (borrador), `submitted` (enviado a la secretaría técnica) o `adopted` (aprobado oficialmente).",
            en: "Where the chapter stands: `draft` (being written), `submitted` (sent to the technical secretariat) or `adopted` (officially approved).",
        ),
        "status",
        "draft",
    );
    y.updated();
    y.texts(
        0,
        t!(
            es: "Resumen del capítulo, en Markdown: la situación y lo que el Estado se compromete a hacer. Abre el capítulo en el documento publicado y puede citar compromisos así: [[{id}]]. Escriba el texto en las líneas que siguen a la de cada idioma, con la misma sangría que el texto de ejemplo.",
            en: "Summary of the chapter, in Markdown: the situation and what the State commits to. It opens the chapter in the published document and may cite commitments like this: [[{id}]]. Write the text on the lines after each language's line, indented like the placeholder text.",
            id = format!("{code}-1.1"),
        ),
        "summary",
        &t!(
            es: "Escriba aquí el resumen del capítulo: la situación del desplazamiento forzado en el país y los compromisos del Estado.",
            en: "Write the chapter's summary here: the situation of forced displacement in the country and the State's commitments.",
        ),
        true,
    );
    y.blank();
    let institution = "INST";
    y.note(
        0,
        t!(
            es: "Instituciones nacionales que dirigen o acompañan los compromisos; al menos una. Para añadir otra, copie el bloque que empieza con `- id:` con la misma sangría.",
            en: "National institutions that lead or take part in the commitments; at least one. To add another, copy the block starting with `- id:`, with the same indentation.",
        ),
    );
    y.line(0, "institutions:");
    y.note(
        4,
        t!(
            es: "Código corto de la institución, por lo general su sigla (letras, cifras y guiones); los compromisos lo usan en `lead`.",
            en: "A short code for the institution, usually its acronym (letters, digits and hyphens); commitments use it as `lead`.",
        ),
    );
    y.line(2, &format!("- id: {institution}"));
    y.texts(
        4,
        t!(
            es: "Nombre oficial completo de la institución, en cada idioma.",
            en: "The institution's full official name, in each language.",
        ),
        "name",
        &t!(es: "Nombre oficial de la institución", en: "Official name of the institution"),
        false,
    );
    y.blank();
    let (Some(pillar), Some(population)) =
        (cx.config.pillars.first(), cx.config.populations.first())
    else {
        y.key(
            0,
            t!(
                es: "Compromisos priorizados del Estado; `mirps.toml` no define pilares o poblaciones, así que la lista empieza vacía.",
                en: "The State's prioritised commitments; `mirps.toml` defines no pillars or populations, so the list starts empty.",
            ),
            "commitments",
            "[]",
        );
        return y.finish();
    };
    let id = cx.free_id(&format!("{code}-{}.", pillar.number));
    y.note(
        0,
        t!(
            es: "Compromisos priorizados del Estado, uno por bloque `- id:`. Para añadir otro, copie el bloque entero con la misma sangría y cambie su `id`.",
            en: "The State's prioritised commitments, one per `- id:` block. To add another, copy the whole block with the same indentation and change its `id`.",
        ),
    );
    y.line(0, "commitments:");
    y.note(
        4,
        t!(
            es: "Identificador único: el código del Estado, un guion, el número del pilar, un punto y el número del compromiso en ese pilar ({id} es el compromiso {k} del pilar {n}). No lo cambie una vez publicado: otros documentos lo citan.",
            en: "Unique id: the State's code, a hyphen, the pillar's number, a dot and the commitment's number within that pillar ({id} is commitment {k} of pillar {n}). Do not change it once published: other documents cite it.",
            id = id.as_str(),
            k = id.rsplit('.').next().unwrap_or("1"),
            n = pillar.number,
        ),
    );
    y.line(2, &format!("- id: {id}"));
    y.key(
        4,
        t!(
            es: "Pilar del compromiso, por su identificador: {pillars}. El número del pilar es el del `id`.",
            en: "The commitment's pillar, by its id: {pillars}. The pillar's number is the one in the `id`.",
            pillars = cx.pillars(),
        ),
        "pillar",
        &pillar.id,
    );
    y.texts(
        4,
        t!(
            es: "Título del compromiso: una frase corta, en cada idioma.",
            en: "The commitment's title: one short sentence, in each language.",
        ),
        "title",
        &t!(es: "Título del compromiso", en: "Title of the commitment"),
        false,
    );
    y.list(
        4,
        t!(
            es: "Poblaciones a las que se dirige, una por línea (al menos una): {populations}.",
            en: "The populations it is for, one per line (at least one): {populations}.",
            populations = cx.terms(&cx.config.populations),
        ),
        "populations",
        std::slice::from_ref(&population.id),
    );
    y.key(
        4,
        t!(
            es: "Institución responsable: el `id` de una de las instituciones de arriba.",
            en: "The lead institution: the `id` of one of the institutions above.",
        ),
        "lead",
        institution,
    );
    y.note(
        4,
        t!(
            es: "Período de ejecución del compromiso.",
            en: "When the commitment is carried out.",
        ),
    );
    y.line(4, "timeframe:");
    let year = cx.year().to_string();
    y.key(
        6,
        t!(
            es: "Año de inicio (o una fecha exacta, año-mes-día). Añada debajo `end:` con el año de fin, si lo tiene.",
            en: "Start year (or an exact date, year-month-day). Add `end:` below with the end year, if it has one.",
        ),
        "start",
        &year,
    );
    y.note(
        4,
        t!(
            es: "Claves opcionales de un compromiso: `description`, `working_groups` ({groups}), `partners`, `budget`, `indicators`, `priority`, `progress` y `grf_pledges`; véase docs/format.md.",
            en: "Optional keys of a commitment: `description`, `working_groups` ({groups}), `partners`, `budget`, `indicators`, `priority`, `progress` and `grf_pledges`; see docs/format.md.",
            groups = cx
                .config
                .working_groups
                .iter()
                .map(|g| format!("`{}`", g.id))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    y.finish()
}

/// The type of the shipped framework's organizations; others start as regional organizations.
fn organization_type(code: &str) -> &'static str {
    match code {
        "ILO" | "UNDP" | "UNHCR" => "un-agency",
        "IOM" => "international-organization",
        _ => "regional-organization",
    }
}

/// The skeleton of a regional or international organization's plan.
pub(super) fn regional(cx: &Skeleton<'_>, code: &str) -> String {
    let mut y = Yaml::new(cx);
    y.head(
        t!(
            es: "Plan de acción de {name} en el {framework}: los programas regionales de un organismo regional o internacional, que complementan los compromisos nacionales.",
            en: "Action plan of {name} in the {framework}: the regional programmes of a regional or international organization, which complement the national commitments.",
            name = named(code),
            framework = cx.config.short_title.as_str(),
        ),
        (
            "regional-plan",
            t!(
                es: "Tipo de documento: el plan de un organismo regional o internacional. No lo cambie.",
                en: "Document kind: a regional or international organization's plan. Do not change it.",
            ),
        ),
        (
            "organization",
            code,
            t!(
                es: "El organismo, por su código (letras mayúsculas y cifras, como OAS o SICA); encabeza cada identificador de programa.",
                en: "The organization, by its code (capital letters and digits, such as OAS or SICA); it starts every programme id.",
            ),
        ),
        &known_name(code),
    );
    y.key(
        0,
        t!(
            es: "Tipo de organismo: `regional-organization` (organismo regional), `un-agency` (agencia de las Naciones Unidas), `international-organization` (organización internacional), `development-bank` (banco de desarrollo), `civil-society` (sociedad civil), `private-sector` (sector privado) o `academia` (academia).",
            en: "Kind of organization: `regional-organization`, `un-agency` (United Nations agency), `international-organization`, `development-bank`, `civil-society`, `private-sector` or `academia`.",
        ),
        "type",
        organization_type(code),
    );
    y.updated();
    y.texts(
        0,
        t!(
            es: "Resumen del plan, en Markdown: qué hace el organismo en el marco. Puede citar programas así: [[{id}]].",
            en: "Summary of the plan, in Markdown: what the organization does in the framework. It may cite programmes like this: [[{id}]].",
            id = format!("{code}-1"),
        ),
        "summary",
        &t!(
            es: "Escriba aquí el resumen del plan: el papel del organismo y sus programas.",
            en: "Write the plan's summary here: the organization's role and its programmes.",
        ),
        true,
    );
    y.blank();
    let (Some(pillar), false) = (cx.config.pillars.first(), cx.config.members.is_empty()) else {
        y.note(
            0,
            t!(
                es: "Programas del plan; `mirps.toml` no define pilares o Estados miembros, así que la lista empieza vacía.",
                en: "The plan's programmes; `mirps.toml` defines no pillars or member States, so the list starts empty.",
            ),
        );
        y.line(0, "programmes: []");
        return y.finish();
    };
    let id = cx.free_id(&format!("{code}-"));
    y.note(
        0,
        t!(
            es: "Programas del plan, uno por bloque `- id:`. Para añadir otro, copie el bloque entero con la misma sangría y cambie su `id`.",
            en: "The plan's programmes, one per `- id:` block. To add another, copy the whole block with the same indentation and change its `id`.",
        ),
    );
    y.line(0, "programmes:");
    y.note(
        4,
        t!(
            es: "Identificador único: el código del organismo, un guion y un número ({id}). No lo cambie una vez publicado: otros documentos lo citan.",
            en: "Unique id: the organization's code, a hyphen and a number ({id}). Do not change it once published: other documents cite it.",
            id = id.as_str(),
        ),
    );
    y.line(2, &format!("- id: {id}"));
    y.texts(
        4,
        t!(
            es: "Título del programa: una frase corta, en cada idioma.",
            en: "The programme's title: one short sentence, in each language.",
        ),
        "title",
        &t!(es: "Título del programa", en: "Title of the programme"),
        false,
    );
    y.list(
        4,
        t!(
            es: "Pilares a los que contribuye, uno por línea (al menos uno): {pillars}.",
            en: "The pillars it contributes to, one per line (at least one): {pillars}.",
            pillars = cx.pillars(),
        ),
        "pillars",
        std::slice::from_ref(&pillar.id),
    );
    y.list(
        4,
        t!(
            es: "Estados miembros que abarca, uno por línea; borre los que no abarca.",
            en: "The member States it covers, one per line; delete those it does not cover.",
        ),
        "states",
        &cx.config.members,
    );
    y.key(
        4,
        t!(
            es: "Estado del programa: `planned` (previsto), `in-progress` (en ejecución), `completed` (terminado) o `suspended` (suspendido).",
            en: "Where the programme stands: `planned`, `in-progress`, `completed` or `suspended`.",
        ),
        "status",
        "planned",
    );
    y.note(
        4,
        t!(
            es: "Claves opcionales de un programa: `description`, `complements` (los compromisos nacionales que complementa, como {example}), `budget` y `timeframe`; véase docs/format.md.",
            en: "Optional keys of a programme: `description`, `complements` (the national commitments it complements, such as {example}), `budget` and `timeframe`; see docs/format.md.",
            example = format!("`[{}-1.1]`", cx.config.members[0]),
        ),
    );
    y.finish()
}

/// Whether a shipped framework's contributor is South–South cooperation.
fn south_south(code: &str) -> bool {
    matches!(code, "ARG" | "BRA" | "COL" | "URY")
}

/// The skeleton of a cooperating State's or entity's pledges.
pub(super) fn cooperation(cx: &Skeleton<'_>, code: &str) -> String {
    let mut y = Yaml::new(cx);
    y.head(
        t!(
            es: "Cooperación de {name} en el {framework}: las contribuciones (financieras, técnicas, materiales, de reasentamiento o de política) de un Estado o entidad cooperante.",
            en: "Cooperation of {name} in the {framework}: the pledges (financial, technical, material, resettlement or policy) of a cooperating State or entity.",
            name = named(code),
            framework = cx.config.short_title.as_str(),
        ),
        (
            "cooperation",
            t!(
                es: "Tipo de documento: las contribuciones de un Estado o entidad cooperante. No lo cambie.",
                en: "Document kind: the pledges of a cooperating State or entity. Do not change it.",
            ),
        ),
        (
            "contributor",
            code,
            t!(
                es: "El cooperante, por su código: el código ISO de tres letras de un Estado (CAN) o el de una entidad (EU); encabeza cada identificador de contribución.",
                en: "The contributor, by its code: a State's three-letter ISO code (CAN) or an entity's code (EU); it starts every pledge id.",
            ),
        ),
        &known_name(code),
    );
    y.key(
        0,
        t!(
            es: "`true` si es cooperación Sur-Sur, `false` si no lo es.",
            en: "`true` for South–South cooperation, else `false`.",
        ),
        "south_south",
        if south_south(code) { "true" } else { "false" },
    );
    y.updated();
    y.texts(
        0,
        t!(
            es: "Resumen, en Markdown: el apoyo del cooperante al marco. Puede citar contribuciones así: [[{id}]].",
            en: "Summary, in Markdown: the contributor's support to the framework. It may cite pledges like this: [[{id}]].",
            id = format!("{code}-1"),
        ),
        "summary",
        &t!(
            es: "Escriba aquí el resumen: qué apoya el cooperante, dónde y desde cuándo.",
            en: "Write the summary here: what the contributor supports, where and since when.",
        ),
        true,
    );
    y.blank();
    if cx.config.members.is_empty() {
        y.note(
            0,
            t!(
                es: "Contribuciones; `mirps.toml` no define Estados miembros, así que la lista empieza vacía.",
                en: "The pledges; `mirps.toml` defines no member States, so the list starts empty.",
            ),
        );
        y.line(0, "pledges: []");
        return y.finish();
    }
    let id = cx.free_id(&format!("{code}-"));
    y.note(
        0,
        t!(
            es: "Contribuciones, una por bloque `- id:`. Para añadir otra, copie el bloque entero con la misma sangría y cambie su `id`.",
            en: "The pledges, one per `- id:` block. To add another, copy the whole block with the same indentation and change its `id`.",
        ),
    );
    y.line(0, "pledges:");
    y.note(
        4,
        t!(
            es: "Identificador único: el código del cooperante, un guion y un número ({id}). No lo cambie una vez publicado: otros documentos lo citan.",
            en: "Unique id: the contributor's code, a hyphen and a number ({id}). Do not change it once published: other documents cite it.",
            id = id.as_str(),
        ),
    );
    y.line(2, &format!("- id: {id}"));
    y.key(
        4,
        t!(
            es: "Tipo de contribución: `financial` (financiera; lleva `amount`), `material`, `technical` (técnica), `resettlement` (reasentamiento; lleva `places`) o `policy` (de política).",
            en: "Kind of pledge: `financial` (needs `amount`), `material`, `technical`, `resettlement` (needs `places`) or `policy`.",
        ),
        "type",
        "technical",
    );
    y.texts(
        4,
        t!(
            es: "Título de la contribución: una frase corta, en cada idioma.",
            en: "The pledge's title: one short sentence, in each language.",
        ),
        "title",
        &t!(es: "Título de la contribución", en: "Title of the pledge"),
        false,
    );
    y.list(
        4,
        t!(
            es: "Estados beneficiarios, uno por línea; borre los que no reciben esta contribución.",
            en: "The beneficiary States, one per line; delete those this pledge does not reach.",
        ),
        "beneficiaries",
        &cx.config.members,
    );
    y.key(
        4,
        t!(
            es: "Estado de la contribución: `planning` (en preparación), `in-progress` (en ejecución) o `fulfilled` (cumplida).",
            en: "Where the pledge stands: `planning`, `in-progress` or `fulfilled`.",
        ),
        "status",
        "planning",
    );
    y.note(
        4,
        t!(
            es: "Claves opcionales de una contribución: `description`, `supports` (los compromisos o programas que apoya, como {example}), `amount` (`currency`, `pledged`, `disbursed`), `places`, `period` y `grf_pledge`; véase docs/format.md.",
            en: "Optional keys of a pledge: `description`, `supports` (the commitments or programmes it supports, such as {example}), `amount` (`currency`, `pledged`, `disbursed`), `places`, `period` and `grf_pledge`; see docs/format.md.",
            example = format!("`[{}-1.1]`", cx.config.members[0]),
        ),
    );
    y.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(crate::model::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::model::civil_from_days(18_262), (2020, 1, 1));
        assert_eq!(crate::model::civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(crate::model::civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn scalars_that_yaml_would_misread_are_quoted() {
        assert_eq!(scalar("Guatemala"), "Guatemala");
        assert_eq!(scalar("Panamá"), "Panamá");
        assert_eq!(scalar("Título: uno"), "\"Título: uno\"");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("Compromiso #3"), "\"Compromiso #3\"");
        assert_eq!(scalar("2026-01-31"), "2026-01-31");
    }

    #[test]
    fn the_modeline_climbs_to_the_root() {
        assert_eq!(
            modeline(
                Path::new("chapters/national/gtm.yaml"),
                Path::new("schemas/national-chapter.schema.json")
            ),
            "# yaml-language-server: $schema=../../schemas/national-chapter.schema.json"
        );
        assert_eq!(
            modeline(
                Path::new("./docs/chapters/regional/oas.yaml"),
                Path::new("schemas/regional-plan.schema.json")
            ),
            "# yaml-language-server: $schema=../../../schemas/regional-plan.schema.json"
        );
    }

    #[test]
    fn comments_wrap_at_spaces() {
        assert_eq!(wrap("uno dos tres", 7), ["uno dos", "tres"]);
        assert_eq!(wrap("palabralarga x", 4), ["palabralarga", "x"]);
        assert_eq!(
            wrap("use `mirps validate` ya", 12),
            ["use", "`mirps validate`", "ya"]
        );
    }
}
