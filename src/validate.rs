//! The validation pipeline: configuration → files → spanned trees → schema → typed documents →
//! document rules → framework rules. Every file is processed independently (in parallel) and its
//! tree dropped once checked; only typed documents and [`Facts`] are kept.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::check::{self, Ctx, Facts, SkippedReference, Unread};
use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::guard::{self, Refusal};
use crate::load::{self, Discovered, Read};
use crate::model::Document;
use crate::schema::{self, Schemas};
use crate::source::{FileId, SourceFile, Sources};
use crate::t;

/// What to validate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Where to look for `mirps.toml` (the working directory when `None`).
    pub start: Option<PathBuf>,
    /// Files or folders to report on; empty means the whole framework.
    pub paths: Vec<PathBuf>,
    /// Ids defined outside the files read (from a published framework).
    pub known_ids: HashSet<String>,
    /// The chapter the named workbooks stand for (`sheet import --into`); by default, the one
    /// each workbook's `_mirps` sheet names.
    pub workbook_chapter: Option<PathBuf>,
}

/// The outcome of validation: everything later stages need.
pub struct Validated {
    pub config: Config,
    pub sources: Sources,
    /// Typed documents, in file order: the files that passed their schema, and those whose only
    /// schema errors lie in some of their commitments, programmes or pledges, without those.
    pub documents: Vec<(FileId, Document)>,
    pub facts: Vec<Facts>,
    pub diagnostics: Diagnostics,
    checked: usize,
    /// The named files, when only their problems are reported.
    wanted: Option<HashSet<PathBuf>>,
}

impl Validated {
    /// Add diagnostics found by a later stage, keeping the order and the named-file filter.
    pub fn add_diagnostics(&mut self, found: Vec<Diagnostic>) {
        let mut found: Vec<Diagnostic> = found;
        if let Some(wanted) = &self.wanted {
            found.retain(|d| concerns(d, wanted, &self.sources));
        }
        self.diagnostics.extend(found);
        self.diagnostics.sort(&self.sources);
    }

    /// How many files were checked: the named ones, or every document of the framework.
    pub fn file_count(&self) -> usize {
        self.checked
    }
}

/// Validate a framework (or some of its files). Document problems are in the result's
/// diagnostics; `Err` is for failures of the run itself (a missing path, an unreadable file).
pub fn validate(options: &Options) -> Result<Validated> {
    let start = match &options.start {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(anyhow::Error::msg(t!(
                    es: "`{dir}` no es una carpeta",
                    en: "`{dir}` is not a folder",
                    dir = dir.display().to_string(),
                )));
            }
            dir.clone()
        }
        None => std::env::current_dir().with_context(|| {
            t!(
                es: "no se puede leer la carpeta de trabajo",
                en: "cannot read the working directory",
            )
        })?,
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    // Named paths are relative to DIR (`-C DIR`), like `git -C`; `.` and `..` are resolved in
    // writing only, so that a link among them is judged by where it points (below).
    let named: Vec<PathBuf> = options
        .paths
        .iter()
        .map(|p| guard::normalize(&start.join(p)))
        .collect();
    for path in &named {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(anyhow::Error::msg(t!(
                es: "`{path}` no existe",
                en: "`{path}` does not exist",
                path = path.display().to_string(),
            )));
        }
    }
    // The framework is found from DIR, or else from the first named path, so a file is checked
    // in the context of its own framework.
    let search_from = match (&options.start, named.first()) {
        (None, Some(path)) if path.is_dir() => path.clone(),
        (None, Some(file)) => file.parent().map_or(start.clone(), Path::to_path_buf),
        _ => start.clone(),
    };
    let root = config::find_root(&search_from, &start);
    let mut sources = Sources::default();
    let mut diags = Vec::new();

    let (config, schemas) = match &root {
        Some(root) => load_config(root, &mut sources, &mut diags)?,
        None => (Config::defaults(start.clone()), Schemas::load(None)?),
    };

    let named = requested_files(&named, root.as_deref(), &start)?;
    let requested = named.files;
    let mut refused: BTreeMap<PathBuf, Refusal> = named.refused.into_iter().collect();
    let mut paths: BTreeSet<PathBuf> = requested.iter().cloned().collect();
    if let Some(root) = &root {
        let dir = config.chapters_dir();
        // A chapters folder outside the framework is a diagnostic of `mirps.toml`; it is not read.
        if guard::check_folder(root, &dir).is_ok() && dir.is_dir() {
            let found = load::discover(&dir, root).with_context(|| {
                t!(
                    es: "no se puede listar {dir}",
                    en: "cannot list {dir}",
                    dir = dir.display().to_string(),
                )
            })?;
            paths.extend(found.files);
            refused.extend(found.refused);
        } else if options.paths.is_empty()
            && !dir.exists()
            // A `mirps.toml` already found wrong (a NUL in `chapters`) says why: those
            // diagnostics are the answer, not a failed run.
            && !diags
                .iter()
                .any(|d: &Diagnostic| d.severity == crate::diag::Severity::Error)
        {
            return Err(anyhow::Error::msg(t!(
                es: "la carpeta de capítulos `{dir}` no existe (indíquela en `[paths] chapters` de {file})",
                en: "the chapters folder `{dir}` does not exist (set `[paths] chapters` in {file})",
                dir = dir.display().to_string(),
                file = config::FILE_NAME,
            )));
        }
    } else if options.paths.is_empty() {
        return Err(anyhow::Error::msg(t!(
            es: "no hay {file} en `{dir}` ni en ninguna carpeta superior; ejecute mirps dentro de un marco o indique uno con `-C CARPETA`",
            en: "no {file} found in `{dir}` or any folder above it; run mirps inside a framework or point to one with `-C DIR`",
            file = config::FILE_NAME,
            dir = start.display().to_string(),
        )));
    }

    // Workbooks are read first: each stands for a chapter, which is left out of the run.
    let root_dir = config.root.clone();
    let (workbook_paths, yaml_paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| crate::sheet::is_workbook(p));
    let workbooks: Vec<crate::sheet::Loaded> = workbook_paths
        .iter()
        .map(|path| crate::sheet::load(&root_dir, path, options.workbook_chapter.as_deref()))
        .collect();
    let replaced: HashSet<PathBuf> = workbooks
        .iter()
        .filter_map(|w| w.replaces.as_deref())
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .collect();
    // Read every file (in parallel); I/O failures end the run, content problems are diagnostics.
    let paths: Vec<PathBuf> = yaml_paths
        .into_iter()
        .filter(|p| !replaced.contains(&std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
        .collect();
    let reads: Vec<(SourceFile, Read)> = paths
        .into_par_iter()
        .map(|path| {
            let read = load::read(&path).with_context(|| cannot_read(&path))?;
            let (text, rest) = match read {
                Read::Text(t) => (t, Read::Text(String::new())),
                Read::NotUtf8(t, at) => (t, Read::NotUtf8(String::new(), at)),
                Read::TooLarge(size) => (String::new(), Read::TooLarge(size)),
            };
            Ok((load::source_file(&root_dir, &path, text), rest))
        })
        .collect::<Result<_>>()?;
    // Paths refused (links out of the framework, pipes): a diagnostic each, standing on an empty
    // source named after the path, so they sort and filter like every other problem.
    // A refused chapter is not read: references to the ids it would hold are not checked.
    let mut unread = Vec::new();
    for (path, refusal) in &refused {
        let id = sources.add(load::source_file(&root_dir, path, String::new()));
        diags.push(load::refused_problem(id, refusal));
        if load::is_yaml(path) {
            unread.push(check::unread(id, sources.get(id)));
        }
    }
    let first_doc = sources.len();
    let mut unreadable = HashSet::new();
    for (source, read) in reads {
        let id = sources.len();
        if let Some(problem) = load::read_problem(id, &read) {
            diags.push(problem);
            unreadable.insert(id);
        }
        sources.add(source);
    }
    for workbook in workbooks {
        let id = sources.len();
        diags.extend(workbook.diagnostics(id));
        if workbook.unreadable() {
            unreadable.insert(id);
        }
        sources.add(workbook.source);
    }

    let (documents, facts, skipped) = check_files(
        &config,
        &schemas,
        &sources,
        first_doc,
        &unreadable,
        unread,
        &options.known_ids,
        &mut diags,
    );

    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(diags);
    let named_refused = named_refused(&options.paths, &refused, &start);
    let wanted: Option<HashSet<PathBuf>> = (!options.paths.is_empty()).then(|| {
        requested
            .iter()
            .cloned()
            .chain(named_refused.iter().cloned())
            .collect()
    });
    if let Some(wanted) = &wanted {
        diagnostics.retain(|d| concerns(d, wanted, &sources));
    }
    // The references not checked, counted in the files reported on.
    diagnostics.extend(check::skipped_reference_notes(
        &skipped.references,
        &skipped.unread,
        &sources,
        |file| {
            wanted
                .as_ref()
                .is_none_or(|w| w.contains(&sources.get(file).path))
        },
    ));
    diagnostics.sort(&sources);
    let checked = if options.paths.is_empty() {
        facts.len() + refused.len()
    } else {
        requested.len() + named_refused.len()
    };
    Ok(Validated {
        wanted,
        checked,
        config,
        sources,
        documents,
        facts,
        diagnostics,
    })
}

/// Validate documents held as text, `(name, text)` each, in the framework of `config`: every
/// stage [`validate`] runs once it has read the disk, for callers that hold the text themselves
/// (an editor's buffers, the fuzz tests). Ids in `known_ids` count as defined elsewhere.
pub fn validate_texts(
    config: Config,
    schemas: &Schemas,
    texts: Vec<(String, String)>,
    known_ids: &HashSet<String>,
) -> Validated {
    let mut sources = Sources::default();
    for (name, text) in texts {
        let path = PathBuf::from(&name);
        sources.add(SourceFile::new(name, path, text));
    }
    let mut diags = Vec::new();
    let (documents, facts, skipped) = check_files(
        &config,
        schemas,
        &sources,
        0,
        &HashSet::new(),
        Vec::new(),
        known_ids,
        &mut diags,
    );
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(diags);
    diagnostics.extend(check::skipped_reference_notes(
        &skipped.references,
        &skipped.unread,
        &sources,
        |_| true,
    ));
    diagnostics.sort(&sources);
    Validated {
        wanted: None,
        checked: facts.len(),
        config,
        sources,
        documents,
        facts,
        diagnostics,
    }
}

/// The files that could not be read, and the references to their ids that were not checked.
#[derive(Default)]
struct Skipped {
    unread: Vec<Unread>,
    references: Vec<SkippedReference>,
}

/// Check the documents `first..` of `sources` (but the `unreadable` ones), each on its own and
/// in parallel, then the rules that need them all. `unread` holds the files already known not
/// to be read (refused links); those of `first..` that give no facts join them. Returns the
/// typed documents, the facts, and what was not checked for want of the unread files.
#[allow(clippy::too_many_arguments)]
fn check_files(
    config: &Config,
    schemas: &Schemas,
    sources: &Sources,
    first: FileId,
    unreadable: &HashSet<FileId>,
    mut unread: Vec<Unread>,
    known_ids: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(FileId, Document)>, Vec<Facts>, Skipped) {
    let results = process_all(first..sources.len(), sources, |id| {
        if unreadable.contains(&id) {
            return FileResult::default();
        }
        process(id, sources.get(id), config, schemas)
    });
    let mut documents = Vec::new();
    let mut facts = Vec::new();
    for (offset, result) in results.into_iter().enumerate() {
        let id = first + offset;
        diags.extend(result.diags);
        if let Some(doc) = result.document {
            documents.push((id, doc));
        }
        // No facts: the file could not be read, parsed or told apart (see `process`).
        if result.facts.file.is_none() {
            unread.push(check::unread(id, sources.get(id)));
        }
        facts.push(result.facts);
    }
    let references = check::check_framework(config, &facts, &unread, known_ids, diags);
    (documents, facts, Skipped { unread, references })
}

/// Whether a problem concerns the named files: any of its places is in one of them (a duplicate
/// id whose first use is elsewhere still concerns the file being checked).
fn concerns(d: &Diagnostic, wanted: &HashSet<PathBuf>, sources: &Sources) -> bool {
    d.labels.is_empty()
        || d.labels
            .iter()
            .any(|l| wanted.contains(&sources.get(l.file).path))
}

/// "cannot read `PATH`", the context of an I/O error.
fn cannot_read(path: &Path) -> crate::diag::Text {
    t!(
        es: "no se puede leer `{path}`",
        en: "cannot read `{path}`",
        path = path.display().to_string(),
    )
}

/// Read, parse and check `mirps.toml` at `root`, and load the schemas it points to.
fn load_config(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Config, Schemas)> {
    let path = root.join(config::FILE_NAME);
    if let Err(refusal) = guard::check_readable(root, &path) {
        return Err(anyhow::Error::msg(t!(
            es: "mirps no lee `{path}`: {reason}",
            en: "refusing to read `{path}`: {reason}",
            path = path.display().to_string(),
            reason = guard::describe(&refusal),
        )));
    }
    let text = match load::read(&path).with_context(|| cannot_read(&path))? {
        Read::Text(text) => text,
        other => {
            let id = sources.len();
            if let Some(problem) = load::read_problem(id, &other) {
                diags.push(problem);
            }
            let text = match other {
                Read::NotUtf8(t, _) => t,
                _ => String::new(),
            };
            sources.add(load::source_file(root, &path, text));
            return Ok((Config::defaults(root.to_path_buf()), Schemas::load(None)?));
        }
    };
    let id = sources.add(load::source_file(root, &path, text));
    let Some(tree) = config::parse_toml(id, sources.get(id), diags) else {
        return Ok((Config::defaults(root.to_path_buf()), Schemas::load(None)?));
    };
    let overrides = tree
        .pointer("/paths/schemas")
        .and_then(|(n, _)| n.as_str())
        .map(|dir| root.join(dir))
        // A folder outside the framework is a diagnostic of `mirps.toml`, and is not read.
        .and_then(|dir| guard::Overrides::new(root, &dir).ok());
    let schemas = Schemas::load(overrides.as_ref())?;
    let config = config::from_tree(
        root.to_path_buf(),
        id,
        tree,
        |tree, diags| schemas.validate(schema::CONFIG, id, tree, diags),
        diags,
    );
    Ok((config, schemas))
}

/// The files named on the command line (folders expanded), resolved so that two spellings
/// of one file compare equal; and those refused (see [`crate::guard`]), each judged against its
/// boundary: the framework's root, else the folder mirps runs in, else its own folder.
fn requested_files(paths: &[PathBuf], root: Option<&Path>, start: &Path) -> Result<Discovered> {
    let mut files = Vec::new();
    let mut refused = Vec::new();
    for path in paths {
        let boundary = guard::boundary_for(path, root, start);
        if path.is_dir() {
            if let Err(refusal) = guard::check_folder(&boundary, path) {
                refused.push((path.clone(), refusal));
                continue;
            }
            let found = load::discover(path, &boundary).with_context(|| {
                t!(
                    es: "no se puede listar `{path}`",
                    en: "cannot list `{path}`",
                    path = path.display().to_string(),
                )
            })?;
            files.extend(found.files);
            refused.extend(found.refused);
        } else {
            match guard::check_readable(&boundary, path) {
                Ok(_) => files.push(path.clone()),
                Err(refusal) => refused.push((path.clone(), refusal)),
            }
        }
    }
    // The same file reached by two spellings is one file.
    let mut seen = HashSet::new();
    let mut unique = Vec::new();
    for file in files {
        let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if seen.insert(canonical.clone()) {
            unique.push(canonical);
        }
    }
    Ok(Discovered {
        files: unique,
        refused,
    })
}

/// The refused paths that the command line named (or that lie in a folder it named).
fn named_refused(
    named: &[PathBuf],
    refused: &BTreeMap<PathBuf, Refusal>,
    start: &Path,
) -> Vec<PathBuf> {
    let named: Vec<PathBuf> = named
        .iter()
        .map(|p| guard::normalize(&start.join(p)))
        .collect();
    refused
        .keys()
        .filter(|path| named.iter().any(|n| path.starts_with(n)))
        .cloned()
        .collect()
}

/// Run `f` on every file of `ids` in parallel, the largest files first, and return the results
/// in `ids` order. Largest first keeps the end of the run from waiting on one big file while the
/// other cores sit idle.
fn process_all<F>(ids: std::ops::Range<FileId>, sources: &Sources, f: F) -> Vec<FileResult>
where
    F: Fn(FileId) -> FileResult + Sync,
{
    let mut order: Vec<FileId> = ids.clone().collect();
    order.sort_by_key(|&id| std::cmp::Reverse(sources.get(id).text.len()));
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(FileId, FileResult)>> = rayon::broadcast(|_| {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&id) = order.get(i) else {
                return done;
            };
            done.push((id, f(id)));
        }
    });
    let mut results: Vec<Option<FileResult>> = ids.clone().map(|_| None).collect();
    for (id, result) in done.into_iter().flatten() {
        results[id - ids.start] = Some(result);
    }
    results.into_iter().map(Option::unwrap_or_default).collect()
}

#[derive(Default)]
struct FileResult {
    document: Option<Document>,
    facts: Facts,
    diags: Vec<Diagnostic>,
}

/// Everything done to one file: parse, detect its kind, schema, typed model, document rules.
fn process(file: FileId, source: &SourceFile, config: &Config, schemas: &Schemas) -> FileResult {
    let mut diags = Vec::new();
    let tree = load::yaml::parse(file, source, &mut diags);
    let Some(tree) = tree else {
        return FileResult {
            diags,
            ..FileResult::default()
        };
    };
    let Some(kind) = load::detect_kind(file, &tree, &mut diags) else {
        // Its ids still count for other files' references when its kind shows in its keys.
        let facts = check::guess_kind(&tree)
            .map(|kind| check::facts(kind, file, &tree, source))
            .unwrap_or_default();
        return FileResult {
            diags,
            facts,
            ..FileResult::default()
        };
    };
    let facts = check::facts(kind, file, &tree, source);
    let mut result = FileResult {
        facts,
        ..FileResult::default()
    };
    let before = diags.len();
    let schema = Schemas::for_kind(kind);
    let valid = schemas.validate_document(kind, file, source, config, &tree, &mut diags);
    // Shape errors in some items do not stop the rules of the others: those items are set
    // aside, and the rest is checked if it then matches its schema.
    let set_aside = (!valid)
        .then(|| check::set_aside_failing(kind, &tree, &diags[before..]))
        .flatten()
        .filter(|(rest, _)| schemas.is_valid(schema, rest));
    if !valid && set_aside.is_none() {
        result.diags = diags;
        return result;
    }
    let (checked, partial) = match &set_aside {
        Some((rest, _)) => (rest, true),
        None => (&tree, false),
    };
    match Document::from_tree(kind, checked) {
        Ok(doc) => {
            let mut ctx = Ctx {
                config,
                file,
                tree: checked,
                source,
                diags: &mut diags,
                partial,
            };
            check::check_document(&doc, &mut ctx);
            result.document = Some(doc);
        }
        Err(e) => diags.push(check::diags::model_mismatch(
            (file, checked.head_span()),
            &e.to_string(),
        )),
    }
    result.diags = diags;
    drop(set_aside);
    drop(tree);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    /// serde would ignore an unknown key; the schema must stop the document before it does.
    #[test]
    fn a_document_the_schema_rejects_never_reaches_the_typed_model() {
        let dir = tempfile::tempdir().unwrap();
        let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal");
        std::fs::copy(minimal.join("mirps.toml"), dir.path().join("mirps.toml")).unwrap();
        let chapters = dir.path().join("chapters/national");
        std::fs::create_dir_all(&chapters).unwrap();
        let text = std::fs::read_to_string(minimal.join("chapters/national/gtm.yaml")).unwrap();
        std::fs::write(chapters.join("gtm.yaml"), &text).unwrap();
        let options = Options {
            start: Some(dir.path().to_path_buf()),
            ..Options::default()
        };
        let clean = validate(&options).unwrap();
        assert_eq!(clean.documents.len(), 1, "{:?}", clean.diagnostics);

        std::fs::write(chapters.join("gtm.yaml"), format!("{text}notes: extra\n")).unwrap();
        let rejected = validate(&options).unwrap();
        assert!(rejected.documents.is_empty());
        assert!(
            rejected
                .diagnostics
                .iter()
                .any(|d| d.code == Code::UnknownKey)
        );
        // Its ids still count for references from other files.
        assert_eq!(
            rejected.facts[0].declared.len(),
            clean.facts[0].declared.len()
        );
    }
}
