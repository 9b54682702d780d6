//! Loading: discover the framework's files, read them as UTF-8, parse them keeping spans, and
//! detect their kind. Nothing here stops at the first problem; every file is read.

pub mod tree;
pub mod yaml;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::Kind;
use crate::source::{FileId, SourceFile, Span};
use tree::Node;

/// Largest file mirps reads (a real chapter is a few hundred kilobytes).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The YAML files under `dir`, sorted by path so every run sees them in the same order.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, walkdir::Error> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden folders and files (`.github/`, editor backups) are not chapters.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry?;
        if entry.file_type().is_file() && is_yaml(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether a path names a YAML file.
pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// What reading a file gave: its text, or a diagnostic-worthy problem with its bytes.
pub enum Read {
    Text(String),
    /// Not UTF-8: the text decoded lossily (for the snippet) and the offset of the first bad byte.
    NotUtf8(String, usize),
    TooLarge(u64),
}

/// Read a file, refusing ones too large to handle safely. I/O failures are errors of the run.
pub fn read(path: &Path) -> std::io::Result<Read> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Ok(Read::TooLarge(size));
    }
    let bytes = std::fs::read(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Read::Text(
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
        ),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Read::NotUtf8(String::from_utf8_lossy(e.as_bytes()).into_owned(), at)
        }
    })
}

/// The diagnostic for a [`Read`] that is not text.
pub fn read_problem(file: FileId, read: &Read) -> Option<Diagnostic> {
    match read {
        Read::Text(_) => None,
        Read::NotUtf8(_, at) => Some(
            Diagnostic::new(Code::InvalidUtf8, "the file is not UTF-8 text")
                .at(
                    file,
                    Span::new(*at, *at + 1),
                    "first byte that is not UTF-8",
                )
                .help(
                    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
                ),
        ),
        Read::TooLarge(size) => Some(
            Diagnostic::new(
                Code::TooComplex,
                format!(
                    "the file is {} MB, more than the {} MB mirps reads",
                    size / 1_000_000,
                    MAX_FILE_BYTES / 1_000_000
                ),
            )
            .at(file, Span::at(0), "this file")
            .help("split the document or check that this is the file you meant"),
        ),
    }
}

/// The kind a parsed document declares in `kind:`, or a diagnostic saying what is wrong.
pub fn detect_kind(file: FileId, tree: &Node, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    if !matches!(tree.value, tree::Value::Map(_)) {
        diags.push(
            Diagnostic::new(
                Code::WrongType,
                "a document must be a mapping of `key: value` lines",
            )
            .at(file, tree.head_span(), "this is not a mapping")
            .help("a chapter starts with `kind: national-chapter`"),
        );
        return None;
    }
    let Some(entry) = tree.entry("kind") else {
        diags.push(
            Diagnostic::new(
                Code::UnknownKind,
                "the document does not say what it is: `kind` is missing",
            )
            .at(file, tree.head_span(), "add `kind:` to this document")
            .help(format!("add `kind:` with {}", crate::diag::one_of(&names))),
        );
        return None;
    };
    let found = entry.value.as_str().unwrap_or_default();
    if let Some(kind) = Kind::from_name(found) {
        return Some(kind);
    }
    let mut d = Diagnostic::new(
        Code::UnknownKind,
        format!(
            "`kind` must be {}; found `{found}`",
            crate::diag::one_of(&names)
        ),
    )
    .at(file, entry.value.span, "unknown kind");
    if let Some(hint) = did_you_mean(found, names.iter().copied()) {
        d = d.help(hint);
    }
    diags.push(d);
    None
}

/// Build the [`SourceFile`] for `path`, named relative to `root` when inside it.
pub fn source_file(root: &Path, path: &Path, text: String) -> SourceFile {
    SourceFile::new(display_name(root, path), path.to_path_buf(), text)
}

/// `path` relative to `root` with `/` separators, or as given when outside it.
pub fn display_name(root: &Path, path: &Path) -> String {
    let Ok(shown) = path.strip_prefix(root) else {
        return path.display().to_string();
    };
    let shown = shown.strip_prefix(".").unwrap_or(shown);
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
