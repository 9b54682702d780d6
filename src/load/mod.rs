//! Loading: discover the framework's files, read them as UTF-8, parse them keeping spans, and
//! detect their kind. Nothing here stops at the first problem; every file is read.

mod diags;
mod syntax;
pub mod tree;
pub mod yaml;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, closest};
use crate::guard::{self, Refusal};
use crate::model::Kind;
use crate::source::{FileId, SourceFile};
use tree::Node;

/// Largest file mirps reads (a real chapter is a few hundred kilobytes).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What discovery found under a folder: the YAML files to read, and the paths it refused.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to read, sorted by path so every run sees them in the same order.
    pub files: Vec<PathBuf>,
    /// YAML files and folders not read (a link out of the framework, a named pipe…), by path.
    pub refused: Vec<(PathBuf, Refusal)>,
}

/// The YAML files under `dir`, each resolving to a regular file inside `boundary` (see
/// [`crate::guard`]). Links are followed only where they stay inside; a link that leaves, a
/// link to nothing or a pipe is refused and listed, never read.
pub fn discover(dir: &Path, boundary: &Path) -> Result<Discovered, walkdir::Error> {
    let mut found = Discovered::default();
    // Filled by the walk's filter and by its loop alike.
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden folders and files (`.github/`, editor backups) are not chapters. A link is
        // followed only when it resolves inside the boundary.
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if !e.path_is_symlink() || !(e.file_type().is_dir() || is_yaml(e.path())) {
                return true;
            }
            let verdict = if e.file_type().is_dir() {
                guard::check_folder(boundary, e.path())
            } else {
                guard::check_readable(boundary, e.path()).map(drop)
            };
            match verdict {
                Ok(()) => true,
                Err(refusal) => {
                    refused.borrow_mut().push((e.path().to_path_buf(), refusal));
                    false
                }
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A link to nothing, to itself or to a folder above it: not read, and said so.
            Err(e) if e.loop_ancestor().is_some() || is_broken_link(&e) => {
                if let Some(path) = e.path() {
                    let refusal = if is_dangling(&e) {
                        Refusal::Dangling
                    } else {
                        Refusal::Loop
                    };
                    if refusal == Refusal::Loop || is_yaml(path) {
                        refused.borrow_mut().push((path.to_path_buf(), refusal));
                    }
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        if !is_yaml(entry.path()) || entry.file_type().is_dir() {
            continue;
        }
        if entry.file_type().is_file() {
            found.files.push(entry.into_path());
        } else {
            let what = guard::file_kind(&entry.file_type());
            refused
                .borrow_mut()
                .push((entry.into_path(), Refusal::NotAFile { what }));
        }
    }
    let mut refused = refused.into_inner();
    refused.sort_by(|a, b| a.0.cmp(&b.0));
    found.refused = refused;
    Ok(found)
}

/// Whether a walk error is a link that cannot be followed: to nothing, or round in a circle of
/// links (`x` → `x`: "too many levels of symbolic links").
fn is_broken_link(e: &walkdir::Error) -> bool {
    e.io_error().is_some() && e.path().is_some_and(|p| p.is_symlink())
}

/// Whether a walk error is a link whose target does not exist.
fn is_dangling(e: &walkdir::Error) -> bool {
    e.io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
        && e.path().is_some_and(|p| p.is_symlink())
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
    // A byte order mark stays: `SourceFile` sets it aside and counts it in file offsets.
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Read::Text(text),
        Err(e) => {
            // Spans are offsets into the text after the byte order mark (see `SourceFile`).
            let bom = if e.as_bytes().starts_with(b"\xef\xbb\xbf") {
                3
            } else {
                0
            };
            let at = e.utf8_error().valid_up_to() - bom;
            Read::NotUtf8(String::from_utf8_lossy(e.as_bytes()).into_owned(), at)
        }
    })
}

/// The diagnostic for a [`Read`] that is not text.
pub fn read_problem(file: FileId, read: &Read) -> Option<Diagnostic> {
    match read {
        Read::Text(_) => None,
        Read::NotUtf8(_, at) => Some(diags::not_utf8(file, *at)),
        Read::TooLarge(size) => Some(diags::too_large(
            file,
            size / 1_000_000,
            MAX_FILE_BYTES / 1_000_000,
        )),
    }
}

/// The diagnostic for a file discovery refused (see [`guard::check_readable`]); `file` is an
/// empty source standing for the path.
pub fn refused_problem(file: FileId, refusal: &Refusal) -> Diagnostic {
    match refusal {
        Refusal::Outside { target } => diags::link_outside(file, &target.display().to_string()),
        Refusal::Dangling => diags::link_to_nothing(file),
        Refusal::Loop => diags::link_loop(file),
        Refusal::NotAFile { what } => diags::not_a_file(file, *what),
    }
}

/// The kind a parsed document declares in `kind:`, or a diagnostic saying what is wrong.
pub fn detect_kind(file: FileId, tree: &Node, diags: &mut Vec<Diagnostic>) -> Option<Kind> {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    if !matches!(tree.value, tree::Value::Map(_)) {
        diags.push(self::diags::not_a_mapping(file, tree.head_span()));
        return None;
    }
    let Some(entry) = tree.entry("kind") else {
        diags.push(self::diags::kind_missing(file, tree.head_span(), &names));
        return None;
    };
    let found = entry.value.as_str().unwrap_or_default();
    if let Some(kind) = Kind::from_name(found) {
        return Some(kind);
    }
    let candidate = closest(found, names.iter().copied());
    diags.push(self::diags::kind_unknown(
        file,
        entry.value.span,
        found,
        &names,
        candidate,
    ));
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
