//! `mirps sheet export|template|import`: a chapter as a workbook, and a workbook back into its
//! chapter (see [`crate::sheet`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::Value as Json;

use super::new::What;
use crate::diag::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::model::Kind;
use crate::sheet::{self, Mark, import, layout, read, write, yaml};
use crate::t;
use crate::validate::{self, Options, Validated};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Write a chapter, plan or cooperation document as an Excel workbook (.xlsx).
    Export(ExportArgs),
    /// Write the empty workbook of a new chapter: `national`, `regional` or `cooperation`.
    Template(TemplateArgs),
    /// Read a filled workbook back: print its document, or write it into the chapter changing
    /// only the values that changed.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The chapter to export (a .yaml file of the framework).
    #[arg(value_name = "CHAPTER.yaml")]
    pub chapter: PathBuf,
    /// The workbook to write.
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    #[arg(value_enum)]
    pub kind: What,
    /// The owner's code: a member State's (GTM), an organization's (OAS) or a contributor's (CAN).
    #[arg(value_name = "CODE")]
    pub code: String,
    /// The workbook to write.
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The filled workbook.
    #[arg(value_name = "FILE.xlsx")]
    pub workbook: PathBuf,
    /// Write the document into this chapter, changing only what changed (its comments, key
    /// order and formatting are kept). Without it, the document is printed as YAML.
    #[arg(long, value_name = "CHAPTER.yaml")]
    pub into: Option<PathBuf>,
    /// Also write a copy of the workbook with every problem cell highlighted and noted.
    #[arg(long, value_name = "OUT.xlsx")]
    pub annotate: Option<PathBuf>,
    /// How to print the problems found.
    #[arg(long, value_enum, default_value_t = crate::diag::emit::Format::Human)]
    pub format: crate::diag::emit::Format,
}

pub fn run(root: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Export(args) => export(root, args),
        Command::Template(args) => template(root, args),
        Command::Import(args) => import_cmd(root, args),
    }
}

/// The framework around `path` (or `-C DIR`), validated.
fn framework(root: &Option<PathBuf>, path: Option<&Path>) -> Result<Validated> {
    validate::validate(&Options {
        start: root.clone(),
        paths: path.map(Path::to_path_buf).into_iter().collect(),
        ..Default::default()
    })
}

/// Refuse to write `out` when it is a file mirps reads (a chapter, `mirps.toml`), and when it is
/// not named `.xlsx` (spreadsheets open it by its name).
fn check_out(out: &Path, validated: &Validated, also: &[&Path]) -> Result<()> {
    let target = crate::guard::resolve(out);
    let inputs = validated
        .sources
        .iter()
        .map(|(_, f)| f.path.as_path())
        .chain(also.iter().copied());
    if inputs
        .into_iter()
        .any(|p| crate::guard::resolve(p) == target)
    {
        return Err(anyhow::Error::msg(t!(
            es: "mirps no escribe en `{out}`: es un archivo que lee, y mirps nunca sobrescribe sus entradas; escriba en otro archivo",
            en: "refusing to write `{out}`: mirps reads it, and never overwrites its inputs; write to another file",
            out = out.display().to_string(),
        )));
    }
    let xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(anyhow::Error::msg(t!(
            es: "el libro se escribe en formato Excel: dé a `{out}` la extensión `.xlsx`",
            en: "the workbook is written in Excel's format: give `{out}` the `.xlsx` extension",
            out = out.display().to_string(),
        )));
    }
    Ok(())
}

/// The path of `path` relative to the framework's root, with `/`.
fn relative(root: &Path, path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn export(root: Option<PathBuf>, args: ExportArgs) -> Result<ExitCode> {
    let validated = framework(&root, Some(&args.chapter))?;
    let lang = crate::lang::for_framework(validated.config.default_language());
    crate::lang::set(lang);
    check_out(&args.out, &validated, &[&args.chapter])?;
    let start = root.clone().unwrap_or_else(|| PathBuf::from("."));
    let chapter = start.join(&args.chapter);
    let chapter = if args.chapter.is_absolute() {
        args.chapter.clone()
    } else if root.is_some() {
        chapter
    } else {
        args.chapter.clone()
    };
    let Some((_, tree)) = sheet::chapter_json(&chapter) else {
        return Err(anyhow::Error::msg(t!(
            es: "no se puede leer `{file}` como YAML: `mirps validate {file}` dice dónde está el problema",
            en: "cannot read `{file}` as YAML: `mirps validate {file}` says where the problem is",
            file = args.chapter.display().to_string(),
        )));
    };
    let doc = tree.to_json();
    let Some(kind) = doc
        .get("kind")
        .and_then(Json::as_str)
        .and_then(Kind::from_name)
    else {
        return Err(anyhow::Error::msg(t!(
            es: "`{file}` no dice qué tipo de documento es (`kind`): `mirps validate {file}` lo explica",
            en: "`{file}` does not say what kind of document it is (`kind`): `mirps validate {file}` explains",
            file = args.chapter.display().to_string(),
        )));
    };
    let source = relative(&validated.config.root, &chapter);
    let bytes = write::export(&doc, kind, &validated.config, lang, &source)?;
    crate::output::write_atomic(&args.out, &bytes)?;
    let items = layout::tables(kind)
        .iter()
        .find_map(|t| match t.rows {
            layout::Rows::Items(key) if key != "institutions" => {
                doc.get(key).and_then(Json::as_array).map(Vec::len)
            }
            _ => None,
        })
        .unwrap_or(0);
    println!(
        "{}",
        t!(
            es: "se escribió {out}: {sheets} hojas, {items} filas de {what}",
            en: "wrote {out}: {sheets} sheets, {items} rows of {what}",
            out = args.out.display().to_string(),
            sheets = layout::tables(kind).len(),
            items = items,
            what = items_word(kind),
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn items_word(kind: Kind) -> crate::diag::Text {
    match kind {
        Kind::National => t!(es: "compromisos", en: "commitments"),
        Kind::Regional => t!(es: "programas", en: "programmes"),
        Kind::Cooperation => t!(es: "contribuciones", en: "pledges"),
    }
}

fn template(root: Option<PathBuf>, args: TemplateArgs) -> Result<ExitCode> {
    let validated = framework(&root, None)?;
    let config = &validated.config;
    let lang = crate::lang::for_framework(config.default_language());
    crate::lang::set(lang);
    check_out(&args.out, &validated, &[])?;
    let code = args.code.trim().to_uppercase();
    if code.is_empty()
        || code.len() > 12
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(anyhow::Error::msg(t!(
            es: "`{code}` no es un código: escriba el código ISO de tres letras del Estado (GTM) o el de la organización (OAS)",
            en: "`{code}` is not a code: write the State's three-letter ISO code (GTM) or the organization's (OAS)",
            code = args.code.as_str(),
        )));
    }
    let kind = match args.kind {
        What::National => Kind::National,
        What::Regional => Kind::Regional,
        What::Cooperation => Kind::Cooperation,
    };
    let owner = match kind {
        Kind::National => "state",
        Kind::Regional => "organization",
        Kind::Cooperation => "contributor",
    };
    let mut doc = serde_json::json!({
        "kind": kind.as_str(),
        "schema_version": 1,
    });
    if let Some(map) = doc.as_object_mut() {
        map.insert(owner.to_string(), Json::String(code.clone()));
        map.insert(
            "language".to_string(),
            Json::String(config.default_language().to_string()),
        );
        if kind == Kind::National {
            map.insert("status".to_string(), Json::String("draft".to_string()));
        }
        map.insert("updated".to_string(), Json::String(super::new::today()));
    }
    // Where `mirps new` would write the chapter: import writes there.
    let source = config
        .paths
        .chapters
        .join(args.kind.folder())
        .join(format!("{}.yaml", code.to_lowercase()));
    let source = source.to_string_lossy().replace('\\', "/");
    let bytes = write::export(&doc, kind, config, lang, &source)?;
    crate::output::write_atomic(&args.out, &bytes)?;
    println!(
        "{}",
        t!(
            es: "se escribió {out}: el libro vacío de {code}, que `mirps sheet import {out} --into {source}` convierte en su capítulo",
            en: "wrote {out}: the empty workbook of {code}, which `mirps sheet import {out} --into {source}` turns into its chapter",
            out = args.out.display().to_string(),
            code = code.as_str(),
            source = source.as_str(),
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn import_cmd(root: Option<PathBuf>, args: ImportArgs) -> Result<ExitCode> {
    let workbook = read::read(&args.workbook).map_err(|e| anyhow::Error::msg(e.text()))?;
    let kind = import::kind_of(&workbook).map_err(|r| anyhow::Error::msg(r.text()))?;
    let current = match &args.into {
        Some(into) if into.exists() => {
            if crate::guard::resolve(into) == crate::guard::resolve(&args.workbook) {
                return Err(anyhow::Error::msg(t!(
                    es: "`--into` nombra el propio libro: indique el capítulo (.yaml) en que escribir",
                    en: "`--into` names the workbook itself: give the chapter (.yaml) to write into",
                )));
            }
            let Some((text, tree)) = sheet::chapter_json(into) else {
                return Err(anyhow::Error::msg(t!(
                    es: "no se puede leer `{file}` como YAML: corríjalo primero (`mirps validate {file}` dice dónde)",
                    en: "cannot read `{file}` as YAML: fix it first (`mirps validate {file}` says where)",
                    file = into.display().to_string(),
                )));
            };
            let found = tree
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or_default()
                .to_string();
            if found != kind.as_str() {
                return Err(anyhow::Error::msg(t!(
                    es: "el libro contiene un documento de tipo `{book}`, pero `{file}` es de tipo `{found}`: importe cada libro en su propio capítulo",
                    en: "the workbook holds a document of kind `{book}`, but `{file}` is of kind `{found}`: import each workbook into its own chapter",
                    book = kind.as_str(),
                    file = into.display().to_string(),
                    found = found.as_str(),
                )));
            }
            Some((text, tree))
        }
        _ => None,
    };
    // The framework is the chapter's, wherever the workbook was saved (a downloads folder).
    let root = root.or_else(|| {
        let into = args.into.as_deref()?;
        let cwd = std::env::current_dir().ok()?;
        let dir = cwd.join(into);
        crate::config::find_root(dir.parent()?, &cwd)
    });
    // Named from the working folder, whatever the framework's root.
    let workbook_path = std::env::current_dir()
        .map(|cwd| cwd.join(&args.workbook))
        .unwrap_or_else(|_| args.workbook.clone());
    let chapter_path = args.into.as_ref().map(|into| {
        std::env::current_dir()
            .map(|cwd| cwd.join(into))
            .unwrap_or_else(|_| into.clone())
    });
    let validate_args =
        |annotate: Option<PathBuf>, chapter: Option<PathBuf>| super::validate::Args {
            paths: vec![workbook_path.clone()],
            format: args.format,
            deny: None,
            color: super::validate::Color::Auto,
            against: None,
            notes: false,
            timings: false,
            annotate,
            workbook_chapter: chapter,
        };
    let Some(into) = args.into.clone() else {
        if args.annotate.is_some() {
            // Nothing to write but the marked copy: the workbook is validated for it.
            let (code, _) =
                super::validate::run_telling(root, validate_args(args.annotate.clone(), None))?;
            return Ok(code);
        }
        // No chapter to write: the document, as YAML, on standard output.
        let imported = import::import(&workbook, None).map_err(|r| anyhow::Error::msg(r.text()))?;
        let (text, _) = yaml::to_yaml(&imported.doc, &Default::default());
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return Ok(ExitCode::SUCCESS);
    };
    // The workbook is validated in its framework, in the chapter's place: problems at cells.
    let (code, failed) = super::validate::run_telling(
        root,
        validate_args(args.annotate.clone(), chapter_path.clone()),
    )?;
    if failed {
        eprintln!(
            "{}",
            t!(
                es: "no se escribió {file}: corrija primero los problemas del libro",
                en: "{file} was not written: fix the workbook's problems first",
                file = into.display().to_string(),
            )
        );
        return Ok(code);
    }
    let base = current.as_ref().map(|(_, tree)| tree.to_json());
    let imported =
        import::import(&workbook, base.as_ref()).map_err(|r| anyhow::Error::msg(r.text()))?;
    let text = match &current {
        Some((text, tree)) => yaml::patch(text, tree, &imported.doc),
        None => yaml::to_yaml(&imported.doc, &Default::default()).0,
    };
    let unchanged = current.as_ref().is_some_and(|(old, _)| *old == text);
    if !unchanged {
        crate::output::write_atomic(&into, text.as_bytes())?;
    }
    let message = if current.is_none() {
        t!(
            es: "se escribió {file}: un capítulo nuevo, del libro",
            en: "wrote {file}: a new chapter, from the workbook",
            file = into.display().to_string(),
        )
    } else if unchanged {
        t!(
            es: "{file} no cambió: el libro dice lo mismo que el capítulo",
            en: "{file} is unchanged: the workbook says what the chapter says",
            file = into.display().to_string(),
        )
    } else {
        let changed = changed_lines(current.as_ref().map_or("", |(t, _)| t.as_str()), &text);
        crate::diag::count(
            changed,
            t!(es: "se actualizó {file}: {n} línea cambiada", en: "updated {file}: {n} line changed", file = into.display().to_string(), n = changed),
            t!(es: "se actualizó {file}: {n} líneas cambiadas", en: "updated {file}: {n} lines changed", file = into.display().to_string(), n = changed),
        )
    };
    eprintln!("{message}");
    Ok(code)
}

/// How many lines differ between two texts (added or removed).
fn changed_lines(old: &str, new: &str) -> usize {
    let old: std::collections::HashMap<&str, usize> =
        old.lines().fold(Default::default(), |mut m, l| {
            *m.entry(l).or_default() += 1;
            m
        });
    let mut left = old.clone();
    let mut added = 0;
    for line in new.lines() {
        match left.get_mut(line) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added += 1,
        }
    }
    added + left.values().sum::<usize>()
}

/// `--annotate OUT.xlsx`: the copy of the validated workbook with its problems marked.
pub fn annotate(
    out: &Path,
    diagnostics: &[Diagnostic],
    validated: &Validated,
    lang: Lang,
) -> Result<()> {
    let Some((file, source)) = validated.sources.iter().find(|(_, f)| f.cells.is_some()) else {
        return Err(anyhow::Error::msg(t!(
            es: "`--annotate` marca los problemas de un libro: indique un archivo .xlsx que validar",
            en: "`--annotate` marks the problems of a workbook: name an .xlsx file to validate",
        )));
    };
    check_out(out, validated, &[])?;
    let workbook = read::read(&source.path).map_err(|e| anyhow::Error::msg(e.text()))?;
    let kind = import::kind_of(&workbook).ok();
    let cells = source.cells.as_deref();
    let marks: Vec<Mark> = diagnostics
        .iter()
        .filter_map(|d| {
            let label = d.primary().filter(|l| l.file == file)?;
            let cell = cells?.cell_of(label.span)?.clone();
            Some(Mark {
                cell,
                severity: d.severity,
                code: d.code.as_str().to_string(),
                message: d.message.render(lang),
                help: d.help.as_ref().map(|h| h.render(lang)),
            })
        })
        .collect();
    let bytes = write::annotate(&workbook, kind, &validated.config, lang, &marks)?;
    crate::output::write_atomic(out, &bytes)?;
    let errors = marks
        .iter()
        .filter(|m| m.severity == Severity::Error)
        .count();
    eprintln!(
        "{}",
        t!(
            es: "se escribió {out}: {n} problemas marcados ({errors} errores)",
            en: "wrote {out}: {n} problems marked ({errors} errors)",
            out = out.display().to_string(),
            n = marks.len(),
            errors = errors,
        )
    );
    Ok(())
}
