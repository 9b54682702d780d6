//! The validation pipeline: configuration → files → spanned trees → schema → typed documents →
//! document rules → framework rules. Every file is processed independently (in parallel) and its
//! tree dropped once checked; only typed documents and [`Facts`] are kept.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::check::{self, Ctx, Facts};
use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::guard::{self, Refusal};
use crate::load::{self, Discovered, Read};
use crate::model::Document;
use crate::schema::{self, Schemas};
use crate::source::{FileId, SourceFile, Sources};

/// What to validate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Where to look for `mirps.toml` (the working directory when `None`).
    pub start: Option<PathBuf>,
    /// Files or folders to report on; empty means the whole framework.
    pub paths: Vec<PathBuf>,
    /// Ids defined outside the files read (from a published framework).
    pub known_ids: HashSet<String>,
}

/// The outcome of validation: everything later stages need.
pub struct Validated {
    pub config: Config,
    pub sources: Sources,
    /// Typed documents, for files that passed their schema, in file order.
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
                bail!("`{}` is not a folder", dir.display());
            }
            dir.clone()
        }
        None => std::env::current_dir().context("cannot read the working directory")?,
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
            bail!("`{}` does not exist", path.display());
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
            let found = load::discover(&dir, root)
                .with_context(|| format!("cannot list {}", dir.display()))?;
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
            bail!(
                "the chapters folder `{}` does not exist (set `[paths] chapters` in {})",
                dir.display(),
                config::FILE_NAME
            );
        }
    } else if options.paths.is_empty() {
        bail!(
            "no {} found in `{}` or any folder above it; run mirps inside a framework or point to one with `-C DIR`",
            config::FILE_NAME,
            start.display()
        );
    }

    // Read every file (in parallel); I/O failures end the run, content problems are diagnostics.
    let paths: Vec<PathBuf> = paths.into_iter().collect();
    let root_dir = config.root.clone();
    let reads: Vec<(SourceFile, Read)> = paths
        .into_par_iter()
        .map(|path| {
            let read =
                load::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
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
    for (path, refusal) in &refused {
        let id = sources.add(load::source_file(&root_dir, path, String::new()));
        diags.push(load::refused_problem(id, refusal));
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

    let (documents, facts) = check_files(
        &config,
        &schemas,
        &sources,
        first_doc,
        &unreadable,
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
    let (documents, facts) = check_files(
        &config,
        schemas,
        &sources,
        0,
        &HashSet::new(),
        known_ids,
        &mut diags,
    );
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(diags);
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

/// Check the documents `first..` of `sources` (but the `unreadable` ones), each on its own and
/// in parallel, then the rules that need them all. Returns the typed documents and the facts.
fn check_files(
    config: &Config,
    schemas: &Schemas,
    sources: &Sources,
    first: FileId,
    unreadable: &HashSet<FileId>,
    known_ids: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(FileId, Document)>, Vec<Facts>) {
    let results = process_all(first..sources.len(), sources, |id| {
        if unreadable.contains(&id) {
            return FileResult::default();
        }
        process(id, sources.get(id), config, schemas)
    });
    let mut documents = Vec::new();
    let mut facts = Vec::new();
    for (offset, result) in results.into_iter().enumerate() {
        diags.extend(result.diags);
        if let Some(doc) = result.document {
            documents.push((first + offset, doc));
        }
        facts.push(result.facts);
    }
    check::check_framework(config, &facts, known_ids, diags);
    (documents, facts)
}

/// Whether a problem concerns the named files: any of its places is in one of them (a duplicate
/// id whose first use is elsewhere still concerns the file being checked).
fn concerns(d: &Diagnostic, wanted: &HashSet<PathBuf>, sources: &Sources) -> bool {
    d.labels.is_empty()
        || d.labels
            .iter()
            .any(|l| wanted.contains(&sources.get(l.file).path))
}

/// Read, parse and check `mirps.toml` at `root`, and load the schemas it points to.
fn load_config(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Config, Schemas)> {
    let path = root.join(config::FILE_NAME);
    if let Err(refusal) = guard::check_readable(root, &path) {
        bail!(
            "refusing to read `{}`: {}",
            path.display(),
            guard::describe(&refusal)
        );
    }
    let text =
        match load::read(&path).with_context(|| format!("cannot read `{}`", path.display()))? {
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
            let found = load::discover(path, &boundary)
                .with_context(|| format!("cannot list `{}`", path.display()))?;
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
        return FileResult {
            diags,
            ..FileResult::default()
        };
    };
    let facts = check::facts(kind, file, &tree, source);
    let mut result = FileResult {
        facts,
        ..FileResult::default()
    };
    let valid = schemas.validate(Schemas::for_kind(kind), file, &tree, &mut diags);
    if valid {
        let doc = Document::from_tree(kind, &tree);
        match doc {
            Ok(doc) => {
                let mut ctx = Ctx {
                    config,
                    file,
                    tree: &tree,
                    source,
                    diags: &mut diags,
                };
                check::check_document(&doc, &mut ctx);
                result.document = Some(doc);
            }
            Err(e) => diags.push(
                Diagnostic::new(
                    Code::ModelMismatch,
                    format!("the document matches its schema but mirps cannot read it: {e}"),
                )
                .at(file, tree.head_span(), "in this document")
                .help("this is a bug in mirps or in an overriding schema; please report it with the file"),
            ),
        }
    }
    result.diags = diags;
    drop(tree);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

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
