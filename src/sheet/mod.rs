//! Spreadsheets both ways: a document as a workbook (`mirps sheet export`, `template`), a
//! filled workbook back into the document (`mirps sheet import`, `mirps validate FILE.xlsx`),
//! and a copy of the drafter's workbook with every problem marked at its cell (`--annotate`).
//!
//! - [`layout`]: the sheets and columns of each document kind, which every part reads.
//! - [`read`]: a `.xlsx` file into a [`Workbook`] of plain cell values, refusing what is not
//!   one, in bounded time and memory.
//! - [`write`]: a document into a new workbook, and the annotated copy of a [`Workbook`].
//! - [`import`]: a [`Workbook`] into the document, with the cell each value came from.
//! - [`yaml`]: the document as YAML text with the span of every value (for validation and for
//!   new parts of a chapter), and the minimal edit of a chapter's text.

pub mod import;
pub mod layout;
pub mod read;
pub mod write;
pub mod yaml;

use std::collections::BTreeMap;

/// The value of one cell, as a workbook holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, as (year, month, day); a time of day, if any, is dropped.
    Date(i32, u32, u32),
    /// An error value (`#DIV/0!`), as the spreadsheet shows it.
    Error(String),
}

impl CellValue {
    /// The value as a spreadsheet would show it, for messages.
    pub fn shown(&self) -> String {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// A number as JSON and YAML write it: `12`, not `12.0`, for whole numbers.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One cell with a value.
#[derive(Clone, Debug, PartialEq)]
pub struct GridCell {
    pub value: CellValue,
    /// The cell holds a formula; `value` is the result the spreadsheet saved with it.
    pub formula: bool,
}

/// One sheet: its cells with a value, by (row, column), 0-based from A1 (a sheet whose data
/// starts at C4 has no cells in rows 0–2 or columns A–B).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub cells: BTreeMap<(u32, u32), GridCell>,
    /// Merged ranges, as (first row, first column, last row, last column), 0-based.
    pub merged: Vec<(u32, u32, u32, u32)>,
}

impl Sheet {
    pub fn get(&self, row: u32, col: u32) -> Option<&GridCell> {
        self.cells.get(&(row, col))
    }

    /// The text of a cell, if it holds text (or a number, written as text).
    pub fn text(&self, row: u32, col: u32) -> Option<String> {
        self.get(row, col).map(|c| c.value.shown())
    }

    /// The last row holding a value, if any.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.keys().next_back().map(|(r, _)| *r)
    }
}

/// A workbook's sheets, in workbook order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// A problem to mark in the annotated copy of a workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub cell: crate::source::Cell,
    pub severity: crate::diag::Severity,
    /// The diagnostic's code (`unknown-pillar`).
    pub code: String,
    /// The message and the help, in the reader's language.
    pub message: String,
    pub help: Option<String>,
}

pub mod diags;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::{Cell, CellMap, FileId, SourceFile, Span};

/// Whether mirps reads `path` as a spreadsheet (and says so when it is not an `.xlsx`).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods", "csv", "numbers"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

/// A workbook read for validation: its document as YAML text with the cell of every value,
/// the chapter it stands for, and what the reading found.
pub struct Loaded {
    pub source: SourceFile,
    /// The chapter the workbook was made from (its `_mirps` sheet says which), left out of the
    /// run: the workbook takes its place.
    pub replaces: Option<PathBuf>,
    problems: Vec<Pending>,
}

enum Pending {
    Unreadable(read::ReadError),
    Layout(Span, import::Refusal),
    Finding(Span, import::FindingKind),
}

impl Loaded {
    /// The problems of the reading, as diagnostics of file `file` (the workbook's id).
    pub fn diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|p| match p {
                Pending::Unreadable(error) => diags::unreadable(file, error),
                Pending::Layout(span, refusal) => diags::layout(file, *span, refusal),
                Pending::Finding(span, what) => diags::finding(file, *span, what),
            })
            .collect()
    }

    /// Whether the workbook could not be read into a document.
    pub fn unreadable(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p, Pending::Unreadable(_) | Pending::Layout(..)))
    }
}

/// The chapter a workbook stands for: `chapter` when given (`--into`), else the one its
/// `_mirps` sheet names, if it lies inside the framework at `root`.
fn chapter_of(workbook: &Workbook, root: &Path, chapter: Option<&Path>) -> Option<PathBuf> {
    if let Some(chapter) = chapter {
        return Some(chapter.to_path_buf());
    }
    let source = import::source_of(workbook)?;
    let path = root.join(source);
    crate::guard::check_readable(root, &path).ok()
}

/// The document of the chapter at `path`, if it reads.
pub fn chapter_json(path: &Path) -> Option<(String, crate::load::tree::Node)> {
    let text = std::fs::read_to_string(path).ok()?;
    let source = SourceFile::new(String::new(), path.to_path_buf(), text);
    let mut diags = Vec::new();
    let tree = crate::load::yaml::parse(0, &source, &mut diags)?;
    Some((source.text, tree))
}

/// Read the workbook at `path` for validation in the framework at `root`; `chapter` is the
/// chapter it stands for when the command line says (`sheet import --into`).
pub fn load(root: &Path, path: &Path, chapter: Option<&Path>) -> Loaded {
    // No cell to point at: the workbook is named alone (`gtm.xlsx:`), never at a line.
    let empty = |problem: Pending| {
        let mut source = crate::load::source_file(root, path, String::new());
        source.cells = Some(std::sync::Arc::new(CellMap::default()));
        Loaded {
            source,
            replaces: None,
            problems: vec![problem],
        }
    };
    let workbook = match read::read(path) {
        Ok(workbook) => workbook,
        Err(error) => return empty(Pending::Unreadable(error)),
    };
    if let Err(refusal) = import::kind_of(&workbook) {
        return empty(Pending::Layout(Span::at(0), refusal));
    }
    let replaces = chapter_of(&workbook, root, chapter);
    let base = replaces
        .as_deref()
        .and_then(chapter_json)
        .map(|(_, tree)| tree.to_json());
    let imported = match import::import(&workbook, base.as_ref()) {
        Ok(imported) => imported,
        Err(refusal) => {
            let mut loaded = empty(Pending::Layout(Span::at(0), refusal.clone()));
            if let import::Refusal::UnknownColumn { cell, .. } = &refusal {
                let text = format!("# {}\n", cell.location());
                let span = Span::new(0, text.len() - 1);
                loaded.source = crate::load::source_file(root, path, text);
                loaded.source.cells = Some(std::sync::Arc::new(CellMap {
                    ranges: vec![(span, cell.clone())],
                    rows: Vec::new(),
                }));
                loaded.problems = vec![Pending::Layout(span, refusal)];
            }
            loaded.replaces = replaces;
            return loaded;
        }
    };
    let (mut text, spans) = yaml::to_yaml(&imported.doc, &imported.loose);
    let origins: std::collections::BTreeMap<&str, &Cell> = imported
        .origins
        .iter()
        .map(|(p, c)| (p.as_str(), c))
        .collect();
    // A value's cell; for a mapping no cell holds (a `budget`, a `timeframe`), the cell of one
    // of its values, so that a key missing there is reported beside the ones written; else the
    // cell of the row it is on.
    let cell_for = |pointer: &str| -> Option<&Cell> {
        if let Some(cell) = origins.get(pointer) {
            return Some(cell);
        }
        let prefix = format!("{pointer}/");
        if let Some((_, cell)) = origins
            .range(prefix.as_str()..)
            .next()
            .filter(|(p, _)| p.starts_with(&prefix))
        {
            return Some(cell);
        }
        let mut at = pointer;
        loop {
            at = &at[..at.rfind('/')?];
            if let Some(cell) = origins.get(at) {
                return Some(cell);
            }
        }
    };
    let mut ranges: Vec<(Span, Cell)> = spans
        .iter()
        .filter_map(|(pointer, span)| Some((*span, cell_for(pointer)?.clone())))
        .collect();
    // What import found at cells stands on a comment line naming the cell, after the document.
    let mut problems = Vec::new();
    for finding in &imported.findings {
        let start = text.len();
        text.push_str("# ");
        text.push_str(&finding.cell.location());
        let span = Span::new(start, text.len());
        text.push('\n');
        ranges.push((span, finding.cell.clone()));
        problems.push(Pending::Finding(span, finding.what.clone()));
    }
    let mut source = crate::load::source_file(root, path, text);
    source.cells = Some(std::sync::Arc::new(CellMap {
        ranges,
        rows: imported.rows,
    }));
    Loaded {
        source,
        replaces,
        problems,
    }
}
